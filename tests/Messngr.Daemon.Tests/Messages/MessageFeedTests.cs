using Messngr.Daemon.Messages;
using Messngr.Daemon.Tests.Sinks;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Messages;

/// <summary><see cref="MessageFeed"/>: live subscribers for <c>messngr listen</c>, bounded in number.</summary>
public sealed class MessageFeedTests
{
    [Fact]
    public async Task A_subscriber_gets_what_is_published_after_it_subscribed_and_leaves_when_cancelled()
    {
        var feed = new MessageFeed();
        using var stop = new CancellationTokenSource();
        var messages = feed.Subscribe(stop.Token).GetAsyncEnumerator(stop.Token);
        feed.Publish(new StoredMessage(1, TestMessages.Message("first")));
        Assert.True(await messages.MoveNextAsync());
        Assert.Equal("first", messages.Current.Message.Text);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await messages.MoveNextAsync());
        await messages.DisposeAsync();
        Assert.Equal(0, feed.SubscriberCount);
    }

    [Fact]
    public void A_subscription_cancelled_before_it_is_ever_read_gives_its_place_back()
    {
        // A listen stream can fail between subscribing and its first read (the client went away,
        // the daemon is stopping); the MaxSubscribers places must not run out because of it.
        var feed = new MessageFeed();
        for (var i = 0; i < DaemonLimits.Default.MaxFeedSubscribers * 2; i++)
        {
            using var stop = new CancellationTokenSource();
            _ = feed.Subscribe(stop.Token);
            stop.Cancel();
        }

        Assert.Equal(0, feed.SubscriberCount);
        using var last = new CancellationTokenSource();
        _ = feed.Subscribe(last.Token);
        Assert.Equal(1, feed.SubscriberCount);
    }

    [Fact]
    public void More_live_subscribers_than_the_limit_are_refused()
    {
        var feed = new MessageFeed();
        for (var i = 0; i < DaemonLimits.Default.MaxFeedSubscribers; i++)
        {
            _ = feed.Subscribe(CancellationToken.None);
        }

        Assert.Contains("too many listeners", Assert.Throws<InvalidOperationException>(() => feed.Subscribe(CancellationToken.None)).Message, StringComparison.Ordinal);
    }
}
