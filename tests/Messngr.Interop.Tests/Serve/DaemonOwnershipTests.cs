using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Serve;

/// <summary>
/// Issue #12, items 1-3, on the real <c>messngr serve</c>: a second serve on the same state
/// directory or on ports another one holds stops with one line and exit 73; a relative
/// <c>--state-dir</c> means the same directory to serve and to the client commands run from the
/// same working directory; one too long for a socket path is a configuration error (78).
/// </summary>
public sealed class DaemonOwnershipTests : IDisposable
{
    private readonly string _parent = Directory.CreateTempSubdirectory("messngr-own-").FullName;

    public void Dispose() => Directory.Delete(_parent, recursive: true);

    private static Tool.Result Messngr(string? workingDirectory, params string[] args) =>
        Tool.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "messngr.dll"), .. args], workingDirectory: workingDirectory);

    [Fact]
    public void A_second_serve_on_the_same_state_dir_exits_73_naming_the_first_and_leaves_it_running()
    {
        var stateDir = Path.Combine(_parent, "state");
        using var first = ServeProcess.StartIn(stateDir, "HOSTB", "LAB");

        var second = ServeProcess.RunUntilExit(ServeProcess.FreePorts(), stateDir, "HOSTC");

        Assert.True(second.ExitCode == 73, $"exit {second.ExitCode}\n{second.Error}");
        var lines = second.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"messngr serve: another messngr serve (pid {first.Pid}) is using {stateDir}; stop it, or give this one another --state-dir", lines[^1]);
        Assert.DoesNotContain("registered", second.Error, StringComparison.Ordinal); // no name was touched
        Assert.DoesNotContain("   at ", second.Error, StringComparison.Ordinal);

        // The first one still serves its state directory.
        var status = Messngr(null, "status", "--json", "--state-dir", stateDir);
        Assert.True(status.ExitCode == 0, status.Error);
        Assert.Contains("\"netBiosName\": \"HOSTB\"", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_serve_on_the_ports_of_a_running_one_exits_73_saying_they_are_in_use()
    {
        using var first = ServeProcess.StartIn(Path.Combine(_parent, "first"), "HOSTB", "LAB");

        var second = ServeProcess.RunUntilExit(first.Port, Path.Combine(_parent, "second"), "HOSTC");

        Assert.True(second.ExitCode == 73, $"exit {second.ExitCode}\n{second.Error}");
        Assert.Contains($"udp port {first.Port.NameService} (127.0.0.1:{first.Port.NameService}) is in use by another process: dotnet (pid {first.Pid})", second.Error, StringComparison.Ordinal);
        Assert.Contains($"tcp port {first.Port.Session} (127.0.0.1:{first.Port.Session}) is in use by another process: dotnet (pid {first.Pid})", second.Error, StringComparison.Ordinal);
        var lines = second.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("messngr serve: not one listener could be bound (name service: udp port ", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", second.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_state_dir_names_the_same_directory_for_serve_and_for_the_client()
    {
        var cwd = Path.Combine(_parent, "cwd");
        Directory.CreateDirectory(cwd);
        using var serve = ServeProcess.StartAt(cwd, "rel-state", "HOSTB", "LAB");
        var absolute = Path.Combine(cwd, "rel-state");
        Assert.True(File.Exists(Path.Combine(absolute, "messngr.db")));
        Assert.True(File.Exists(Path.Combine(absolute, "control.sock")));

        var status = Messngr(cwd, "status", "--state-dir", "rel-state");

        Assert.True(status.ExitCode == 0, status.Output + status.Error);
        Assert.Contains($"\nState directory {absolute}\n", status.Output, StringComparison.Ordinal);
        Assert.Contains($"state in {absolute}", serve.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void A_state_dir_too_long_for_a_socket_path_stops_serve_with_78_and_one_line()
    {
        var tooLong = Path.Combine(_parent, new string('d', 110));

        var run = ServeProcess.RunUntilExit(ServeProcess.FreePorts(), tooLong, "HOSTB");

        Assert.True(run.ExitCode == 78, $"exit {run.ExitCode}\n{run.Error}");
        Assert.Equal(
            $"messngr serve: the state directory {tooLong} (from --state-dir) is too long: its control socket {tooLong}/control.sock would need {tooLong.Length + 14} bytes with its NUL, and a Unix socket path holds at most 108 (sun_path, unix(7)); choose a shorter path\n",
            run.Error);
        Assert.False(Directory.Exists(tooLong));
    }
}
