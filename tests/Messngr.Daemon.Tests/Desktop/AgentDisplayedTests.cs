using Messngr.Daemon.Core;
using Messngr.Daemon.Tests.Control;
using Messngr.Daemon.Tests.Quiet;

namespace Messngr.Daemon.Tests.Desktop;

/// <summary>
/// Issue #14, item 1: for the desktop agent "displayed" means on screen. Its stream
/// (<c>GET /v1/listen?display=agent</c>) reports no displayed receipt when a line is flushed; the
/// agent posts <c>/v1/messages/{seq}/displayed</c> once Notify returned an id (own messages only,
/// idempotent). The web page's stream and plain listen report it when the line is flushed, as before.
/// </summary>
public sealed class AgentDisplayedTests
{
    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    [Fact]
    public async Task The_agents_stream_reports_nothing_displayed_until_the_agent_posts_displayed()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var reporter = new FakeReceiptReporter();
        f.Daemon.Receipts = reporter;
        await using var agent = await DisplayStreamClient.OpenAsync(f.Server.SocketPath, "/v1/listen?display=agent");
        await using var web = await DisplayStreamClient.OpenAsync(f.Server.SocketPath, "/v1/listen?display=web");
        await ControlServerFixture.WaitUntilAsync(() => f.Daemon.Subscribers == 2);
        var message = FakeDaemonControl.Message(5, "alice", "HOSTB", "hello");
        f.Daemon.Publish(message); // kept in history too

        Assert.Equal(5, await agent.NextSeqAsync());
        Assert.Equal(5, await web.NextSeqAsync());
        await ControlServerFixture.WaitUntilAsync(() => reporter.Count(ReceiptState.Displayed) == 1); // the web page's

        var shown = await f.Client.DisplayedAsync("5", Timeout());
        var again = await f.Client.DisplayedAsync(message.Message.MessageId.ToString(), Timeout());

        Assert.Equal(5, shown.Seq);
        Assert.Equal(5, again.Seq);
        Assert.Equal(3, reporter.Count(ReceiptState.Displayed)); // the web's, then the agent's two calls: recorded once by the reporter
        Assert.Equal(0, reporter.Count(ReceiptState.Read));
    }

    [Fact]
    public async Task Displayed_keeps_a_sealed_message_an_envelope()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var message = FakeDaemonControl.Message(6, "alice", "HOSTB", "the secret plan");
        f.Daemon.AddHistory(message with { Message = message.Message with { Sealed = true } });

        var shown = await f.Client.DisplayedAsync("6", Timeout());

        Assert.Null(shown.Text);
    }

    [Fact]
    public async Task Nobody_cannot_report_roots_message_displayed_it_is_not_found()
    {
        Assert.True(ControlServerFixture.OwnUid() == 0, "this test drops to uid 65534 and needs root (CI runs as root)");
        await using var f = await ControlServerFixture.StartAsync();
        File.SetUnixFileMode(f.StateDirectory, (UnixFileMode)0b111_101_101);
        var reporter = new FakeReceiptReporter();
        f.Daemon.Receipts = reporter;
        f.Daemon.AddHistory(FakeDaemonControl.Message(1, "alice", "HOSTB", "to the computer"));
        f.Daemon.AddHistory(FakeDaemonControl.Message(2, "alice", "ROOTALIAS", "to root's alias", MessageTransport.Mailslot));

        var answers = await NobodyClient.RunAsync(f.Server.SocketPath, "POST /v1/messages/2/displayed", "POST /v1/messages/1/displayed", "GET /v1/messages/1/displayed");

        Assert.StartsWith("404 ", answers[0], StringComparison.Ordinal);
        Assert.DoesNotContain("root's alias", answers[0], StringComparison.Ordinal);
        Assert.StartsWith("200 ", answers[1], StringComparison.Ordinal);
        Assert.StartsWith("405 ", answers[2], StringComparison.Ordinal);
        Assert.Equal([(1L, ReceiptState.Displayed)], reporter.Calls.Select(c => (c.Seq, c.State)));
    }
}
