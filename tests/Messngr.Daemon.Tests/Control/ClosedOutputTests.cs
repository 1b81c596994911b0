using System.Diagnostics;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// Issue #12, item 11: <c>messngr listen | head -n1</c> ends once head has exited, quietly
/// (exit 0, nothing on standard error), even while no further message comes: .NET swallows EPIPE
/// on the console, so before the fix listen waited for ever. The child's standard output is a
/// real pipe; the test reads one line and closes the read end, as head does.
/// </summary>
public sealed class ClosedOutputTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Listen_ends_quietly_when_the_reader_of_its_output_goes_away(bool json)
    {
        await using var f = await ControlServerFixture.StartAsync();
        using var listen = MessngrProcess.Start(json ? ["listen", "--json", "--state-dir", f.StateDirectory] : ["listen", "--state-dir", f.StateDirectory]);
        var error = listen.StandardError.ReadToEndAsync();
        await WaitForSubscriberAsync(f, listen);

        f.Daemon.Publish(FakeDaemonControl.Message(5, "alice", "HOSTB", "first"));
        var first = await listen.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains(json ? "\"text\":\"first\"" : "From alice to HOSTB", first, StringComparison.Ordinal);

        listen.StandardOutput.Close(); // head -n1 exits: the pipe has no reader any more; no message follows
        await MessngrProcess.WaitAsync(listen);

        Assert.Equal(0, listen.ExitCode);
        Assert.Equal(string.Empty, await error);
    }

    [Fact]
    public async Task Listen_started_with_nobody_reading_ends_at_once()
    {
        await using var f = await ControlServerFixture.StartAsync();
        using var listen = MessngrProcess.Start("listen", "--json", "--state-dir", f.StateDirectory);
        listen.StandardOutput.Close();
        var error = listen.StandardError.ReadToEndAsync();
        await MessngrProcess.WaitAsync(listen);
        Assert.Equal(0, listen.ExitCode);
        Assert.Equal(string.Empty, await error);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("status", "--json")]
    [InlineData("history")]
    [InlineData("history", "--json")]
    [InlineData("name")]
    [InlineData("name", "--json")]
    public async Task One_shot_commands_end_quietly_with_their_usual_code_when_nobody_reads(params string[] args)
    {
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.AddHistory(FakeDaemonControl.Message(5, "alice", "HOSTB", "hello"));
        using var process = MessngrProcess.Start([.. args, "--state-dir", f.StateDirectory]);
        process.StandardOutput.Close();
        var error = process.StandardError.ReadToEndAsync();
        await MessngrProcess.WaitAsync(process);
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(string.Empty, await error);
    }

    [Theory]
    [InlineData("lookup", "127.0.0.1")]
    [InlineData("lookup", "--json", "127.0.0.1")]
    [InlineData("help", "send")]
    [InlineData("completion", "bash")]
    public async Task Commands_without_a_daemon_end_quietly_when_nobody_reads(params string[] args)
    {
        using var process = MessngrProcess.Start(args);
        process.StandardOutput.Close();
        var error = process.StandardError.ReadToEndAsync();
        await MessngrProcess.WaitAsync(process);
        Assert.Equal(0, process.ExitCode);
        Assert.Equal(string.Empty, await error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Send_ends_quietly_with_its_result_code_when_nobody_reads(bool json)
    {
        var fixture = new Listeners.ListenerFixture("HOSTB", "LAB", "HOSTC");
        await using var listener = new Messngr.Daemon.Listeners.SessionListener(
            Listeners.ListenerFixture.AnyPort, fixture.Names, fixture.Pipeline, fixture.Counters, Listeners.ListenerFixture.Logger);
        listener.Start(CancellationToken.None);
        string[] args =
        [
            "send", "--netbios-name", "TESTHOST", "--transport", "smb", "--session-port", listener.BoundPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. json ? new[] { "--json" } : [], "HOSTC@127.0.0.1", "hello",
        ];
        using var send = MessngrProcess.Start(args);
        send.StandardOutput.Close();
        var error = send.StandardError.ReadToEndAsync();
        await MessngrProcess.WaitAsync(send);
        Assert.Equal(0, send.ExitCode);
        Assert.Equal(string.Empty, await error);
        Assert.Equal("hello", (await fixture.NextMessageAsync(30_000))?.Text);
    }

    private static async Task WaitForSubscriberAsync(ControlServerFixture f, Process listen)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (f.Daemon.Subscribers == 0)
        {
            Assert.False(listen.HasExited, "listen exited before it subscribed");
            Assert.True(DateTime.UtcNow < deadline, "listen did not subscribe within 60 s");
            await Task.Delay(20);
        }
    }
}
