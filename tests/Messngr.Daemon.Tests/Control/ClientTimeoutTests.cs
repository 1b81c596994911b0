using System.Net.Sockets;
using Messngr.Cli;
using Messngr.Cli.Commands;
using Messngr.Cli.Control;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// Issue #12, item 12: a daemon that accepts but never answers (stopped with SIGSTOP: the kernel
/// still completes connections into the listen backlog) no longer hangs the client commands: they
/// give up after --timeout (default 5 s) with exit 75 and one line naming the socket.
/// </summary>
public sealed class ClientTimeoutTests : IDisposable
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("messngr-mute-").FullName;
    private readonly Socket _mute;

    public ClientTimeoutTests()
    {
        // listening, never accepting, never answering: what a SIGSTOPped daemon looks like from outside
        _mute = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _mute.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _mute.Listen(16);
    }

    private string SocketPath => Path.Combine(_stateDir, "control.sock");

    public void Dispose()
    {
        _mute.Dispose();
        Directory.Delete(_stateDir, recursive: true);
    }

    private static CommandContext Context(out StringWriter output, out StringWriter error)
    {
        output = new StringWriter();
        error = new StringWriter();
        return new CommandContext(output, error, new Dictionary<string, string>(), IsRoot: false);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("history")]
    [InlineData("name")]
    [InlineData("listen")]
    public async Task A_daemon_that_does_not_answer_ends_the_command_with_75_after_the_timeout(string command)
    {
        string[] args = ["--state-dir", _stateDir, "--timeout", "0.5"];
        var context = Context(out var output, out var error);
        var run = command switch
        {
            "status" => StatusCommand.RunAsync(args, context, CancellationToken.None),
            "history" => HistoryCommand.RunAsync(args, context, CancellationToken.None),
            "name" => NameCommand.RunAsync(args, context, CancellationToken.None),
            _ => ListenCommand.RunAsync(args, context, CancellationToken.None),
        };

        Assert.Equal(75, await run.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal($"messngr {command}: the daemon at {SocketPath} did not answer within 0.5 s\n", error.ToString());
        Assert.Equal(string.Empty, output.ToString());
    }

    [Fact]
    public async Task Without_timeout_the_daemon_has_five_seconds()
    {
        var context = Context(out _, out var error);
        var code = await StatusCommand.RunAsync(["--state-dir", _stateDir], context, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(75, code);
        Assert.Equal($"messngr status: the daemon at {SocketPath} did not answer within 5 s\n", error.ToString());
    }

    [Fact]
    public async Task With_json_the_timeout_is_an_error_object_too()
    {
        var context = Context(out var output, out _);
        var code = await StatusCommand.RunAsync(["--state-dir", _stateDir, "--timeout=0.2", "--json"], context, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(75, code);
        using var json = System.Text.Json.JsonDocument.Parse(output.ToString());
        Assert.Equal(75, json.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Contains("did not answer within 0.2 s", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stopped_messngr_serve_ends_status_with_75()
    {
        var stateDir = Directory.CreateTempSubdirectory("messngr-stopped-").FullName;
        using var serve = MessngrProcess.Start(
            "serve", "--state-dir", stateDir, "--interface", "127.0.0.1", "--user", "root", "--config", "/dev/null",
            "--no-name-service", "--no-datagram-service", "--no-session-service", "--no-rpc", "--no-tty", "--native-port", "0");
        try
        {
            string[] args = ["--state-dir", stateDir, "--timeout", "1"];
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await StatusCommand.RunAsync(args, Context(out _, out _), CancellationToken.None) != 0)
            {
                if (serve.HasExited)
                {
                    Assert.Fail("serve exited: " + await serve.StandardError.ReadToEndAsync());
                }

                Assert.True(DateTime.UtcNow < deadline, "serve did not answer status within 60 s");
                await Task.Delay(100);
            }

            Signal("STOP", serve.Id);
            var code = await StatusCommand.RunAsync(args, Context(out _, out var error), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(75, code);
            Assert.Equal($"messngr status: the daemon at {Path.Combine(stateDir, "control.sock")} did not answer within 1 s\n", error.ToString());
        }
        finally
        {
            Signal("CONT", serve.Id);
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
            Directory.Delete(stateDir, recursive: true);
        }
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = System.Diagnostics.Process.Start("/bin/kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("soon")]
    [InlineData("3601")]
    public async Task A_timeout_that_is_not_a_number_of_seconds_is_a_usage_error(string value)
    {
        var ex = await Assert.ThrowsAsync<UsageException>(() => StatusCommand.RunAsync(["--state-dir", _stateDir, "--timeout", value], Context(out _, out _), CancellationToken.None));
        Assert.Equal($"status: --timeout: '{value}' is not a number of seconds (more than 0, at most 3600)", ex.Message);
    }
}
