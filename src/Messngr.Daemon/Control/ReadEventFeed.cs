using System.Threading.Channels;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Control;

/// <summary>
/// Tells a user's displays that one of their messages was read (issue #14, item 1): the read
/// endpoint (<c>messngr read</c>, <c>listen --ack</c>, the web page) publishes, and each display
/// stream that asked for <c>&amp;events=read</c> gets a <c>read</c> line, so the desktop agent closes
/// the notification. Only streams of the uid that read it hear of it (root opening a user's
/// message closes nothing of theirs, and no user learns of another's reading). Each subscriber has
/// a bounded queue (<see cref="DaemonLimits.DisplayReadEventQueue"/>): a subscriber that does not
/// read drops its oldest events, never slows the reader or another display.
/// </summary>
internal sealed class ReadEventFeed
{
    private readonly Lock _gate = new();
    private readonly List<(uint Uid, Channel<StoredMessage> Queue)> _subscribers = [];

    /// <summary>Open subscriptions (tests wait for them).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Reads of <paramref name="uid"/>'s messages from now until the token is cancelled.</summary>
    public ChannelReader<StoredMessage> Subscribe(uint uid, int capacity, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var queue = Channel.CreateBounded<StoredMessage>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropOldest,
        });
        var entry = (uid, queue);
        lock (_gate)
        {
            _subscribers.Add(entry);
        }

        cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                _subscribers.Remove(entry);
            }

            queue.Writer.TryComplete();
        });
        return queue.Reader;
    }

    /// <summary><paramref name="uid"/> read <paramref name="message"/>: queued for that uid's subscribers, without waiting.</summary>
    public void Publish(uint uid, StoredMessage message)
    {
        lock (_gate)
        {
            foreach (var (subscriber, queue) in _subscribers)
            {
                if (subscriber == uid)
                {
                    queue.Writer.TryWrite(message);
                }
            }
        }
    }
}
