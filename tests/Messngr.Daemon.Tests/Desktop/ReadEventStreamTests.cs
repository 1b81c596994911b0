using Messngr.Daemon.Control;
using Messngr.Daemon.Tests.Control;
using Messngr.Daemon.Tests.Quiet;

namespace Messngr.Daemon.Tests.Desktop;

/// <summary>
/// Issue #14, item 1, "withdrawn → closed": a display's stream asked with <c>&amp;events=read</c>
/// also carries <c>{"event":"read","seq":N,"id":"…"}</c> when one of the caller's messages is read
/// elsewhere, so the agent closes its notification; streams without it are unchanged; the queue
/// behind a display that does not read is bounded; another uid's reading is not told.
/// </summary>
public sealed class ReadEventStreamTests
{
    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    [Fact]
    public async Task A_read_elsewhere_reaches_the_display_that_asked_for_read_events_and_no_other_stream()
    {
        await using var f = await ControlServerFixture.StartAsync();
        await using var agent = await DisplayStreamClient.OpenAsync(f.Server.SocketPath, "/v1/listen?display=agent&events=read");
        await using var web = await DisplayStreamClient.OpenAsync(f.Server.SocketPath, "/v1/listen?display=web");
        await using var plain = await DisplayStreamClient.OpenAsync(f.Server.SocketPath, "/v1/listen");
        await ControlServerFixture.WaitUntilAsync(() => f.Daemon.Subscribers == 3 && f.Daemon.ReadEvents.Count == 1);
        var message = FakeDaemonControl.Message(5, "alice", "HOSTB", "hello");
        f.Daemon.Publish(message);
        Assert.Equal(5, await agent.NextSeqAsync());
        Assert.Equal(5, await web.NextSeqAsync());
        Assert.Equal(5, await plain.NextSeqAsync());

        await f.Client.ReadAsync("5", Timeout());
        Assert.Equal($"{{\"event\":\"read\",\"seq\":5,\"id\":\"{message.Message.MessageId}\"}}", await agent.NextAsync());
        f.Daemon.Publish(FakeDaemonControl.Message(6, "alice", "HOSTB", "next"));

        Assert.Equal(6, await agent.NextSeqAsync());
        Assert.Equal(6, await web.NextSeqAsync()); // no event line before it
        Assert.Equal(6, await plain.NextSeqAsync());
    }

    [Theory]
    [InlineData("/v1/listen?events=read")]
    [InlineData("/v1/listen?display=agent&events=all")]
    [InlineData("/v1/listen?display=agent&events=read&events=read")]
    public async Task Events_other_than_read_on_a_displays_stream_are_refused(string target)
    {
        await using var f = await ControlServerFixture.StartAsync();
        await using var stream = await DisplayStreamClient.OpenAsync(f.Server.SocketPath, target);

        Assert.StartsWith("HTTP/1.1 400", stream.Status, StringComparison.Ordinal);
        Assert.Contains("events must be ", await stream.RestAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_feed_tells_only_the_readers_uid_and_keeps_the_newest_events_of_a_display_that_does_not_read()
    {
        var feed = new ReadEventFeed();
        using var stop = new CancellationTokenSource();
        var mine = feed.Subscribe(1000, capacity: 2, stop.Token);
        var others = feed.Subscribe(1001, capacity: 2, stop.Token);

        for (var seq = 1; seq <= 3; seq++)
        {
            feed.Publish(1000, FakeDaemonControl.Message(seq, "alice", "HOSTB", "x"));
        }

        Assert.True(mine.TryRead(out var first));
        Assert.True(mine.TryRead(out var second));
        Assert.False(mine.TryRead(out _));
        Assert.Equal([2L, 3L], [first!.Id, second!.Id]);
        Assert.False(others.TryRead(out _));

        await stop.CancelAsync();
        Assert.Equal(0, feed.Count);
        Assert.True(mine.Completion.IsCompleted);
    }
}
