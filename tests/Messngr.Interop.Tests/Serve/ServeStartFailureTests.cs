using System.Globalization;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Serve;

/// <summary>
/// Issue #12, item 5, on the real <c>messngr serve</c>: each start-up failure ends with one line on
/// standard error naming the cause and the documented exit code (77 permission, 78 configuration),
/// never a stack trace (exit 134). Cases that need another user run serve as uid 65534 through
/// setpriv(1), as <c>StatePrivacyTests</c> does (needs root, as CI has).
/// </summary>
public sealed class ServeStartFailureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-start-").FullName;

    public ServeStartFailureTests()
    {
        // uid 65534 must reach the files the cases name.
        File.SetUnixFileMode(_dir, (UnixFileMode)0b111_101_101);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Tool.Result Serve(bool asNobody, params string[] extra)
    {
        string[] serve =
        [
            "dotnet", Path.Combine(AppContext.BaseDirectory, "messngr.dll"), "serve", "--netbios-name", "HOSTF", "--interface", "127.0.0.1",
            "--name-service-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--datagram-service-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--session-service-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--rpc-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--native-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            // Only errors: what is left on standard error is the failure alone.
            "--log-level", "error",
            "--state-dir", Path.Combine(_dir, "state"), "--config", "/dev/null", .. extra,
        ];
        return asNobody
            ? Tool.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "env", $"HOME={_dir}", $"DOTNET_CLI_HOME={_dir}", .. serve])
            : Tool.Run(serve[0], serve[1..]);
    }

    private static void AssertOneLine(Tool.Result run, int exitCode, string cause)
    {
        Assert.True(run.ExitCode == exitCode, $"exit {run.ExitCode}, expected {exitCode}\n{run.Error}");
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("messngr serve: ", line, StringComparison.Ordinal);
        Assert.Contains(cause, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_file_this_user_may_not_read_is_exit_77()
    {
        var config = Path.Combine(_dir, "messngr.conf");
        File.WriteAllText(config, "[global]\n  workgroup = LAB\n");
        File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite); // 0600 root's

        AssertOneLine(Serve(asNobody: true, "--config", config), 77, $"cannot read config file '{config}': permission denied");
    }

    [Fact]
    public void A_config_file_that_is_a_directory_is_exit_78()
    {
        AssertOneLine(Serve(asNobody: false, "--config", _dir), 78, $"config file '{_dir}' is a directory");
    }

    [Fact]
    public void A_state_directory_that_is_a_regular_file_is_exit_78()
    {
        var file = Path.Combine(_dir, "file");
        File.WriteAllText(file, "x");

        AssertOneLine(Serve(asNobody: false, "--state-dir", file), 78, $"the state directory {file} is a file, not a directory");
    }

    [Fact]
    public void A_state_directory_this_user_may_not_write_is_exit_77()
    {
        var readOnly = Path.Combine(_dir, "root-owned");
        Directory.CreateDirectory(readOnly);
        File.SetUnixFileMode(readOnly, (UnixFileMode)0b111_101_101);

        AssertOneLine(Serve(asNobody: true, "--state-dir", readOnly), 77, $"the state directory {readOnly} cannot be created or made private");
    }

    [Theory]
    [InlineData("--hook-user", "nosuchuser", "hook user = 'nosuchuser' is not a known account")]
    [InlineData("--hook-concurrency", "0", "--hook-concurrency: '0' is not a number of hooks running at once")]
    [InlineData("--hook-queue", "0", "--hook-queue: '0' is not a number of messages waiting for a hook")]
    public void A_bad_hook_setting_is_exit_78_at_start(string flag, string value, string cause)
    {
        AssertOneLine(Serve(asNobody: false, "--hook", "/bin/true", flag, value), 78, cause);
    }

    [Theory]
    [InlineData("/nonexistent/on-message", "does not exist")]
    [InlineData("", "is not executable")]
    public void A_hook_program_that_cannot_run_is_exit_78_at_start_not_at_the_first_message(string program, string problem)
    {
        if (program.Length == 0)
        {
            program = Path.Combine(_dir, "on-message");
            File.WriteAllText(program, "#!/bin/sh\n");
            File.SetUnixFileMode(program, (UnixFileMode)0b110_100_100);
        }

        AssertOneLine(Serve(asNobody: false, "--hook", $"{program} --notify"), 78, $"--hook: {program} {problem}");
    }

    [Fact]
    public void A_state_directory_the_service_user_cannot_reach_is_exit_77_not_a_crash_after_the_drop()
    {
        // A root-only parent (0700): root creates and opens everything, then nobody cannot reach it.
        var closed = Path.Combine(_dir, "root-only");
        Directory.CreateDirectory(closed);
        File.SetUnixFileMode(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var stateDir = Path.Combine(closed, "state");

        AssertOneLine(Serve(asNobody: false, "--user", "nobody", "--state-dir", stateDir), 77, $"user nobody cannot use the state directory {stateDir}");
    }
}
