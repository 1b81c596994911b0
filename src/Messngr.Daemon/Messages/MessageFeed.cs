using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Messages;

/// <summary>
/// Fan-out of committed messages to live subscribers (<c>messngr listen</c>). Each subscriber
/// has its own small bounded queue; a subscriber that does not keep up loses its oldest
/// messages (they stay in history), never the daemon's memory.
/// </summary>
internal sealed class MessageFeed
{
    private readonly int _subscriberCapacity;

    /// <summary>Live subscribers at most; more are refused.</summary>
    private readonly int _maxSubscribers;

    private readonly List<Channel<StoredMessage>> _subscribers = [];

    public MessageFeed(DaemonLimits? limits = null)
    {
        _subscriberCapacity = (limits ?? DaemonLimits.Default).FeedSubscriberCapacity;
        _maxSubscribers = (limits ?? DaemonLimits.Default).MaxFeedSubscribers;
    }
    private readonly Lock _lock = new();

    public void Publish(StoredMessage message)
    {
        lock (_lock)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(message);
            }
        }
    }

    /// <summary>
    /// Registers a subscriber now (so nothing committed after this call is missed) and returns
    /// its messages until <paramref name="cancellationToken"/> ends or the feed completes.
    /// </summary>
    public IAsyncEnumerable<StoredMessage> Subscribe(CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<StoredMessage>(new BoundedChannelOptions(_subscriberCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_lock)
        {
            if (_subscribers.Count >= _maxSubscribers)
            {
                throw new InvalidOperationException($"too many listeners (at most {_maxSubscribers})");
            }

            _subscribers.Add(channel);
        }

        // Released at cancellation even when the messages are never read: a listen stream that
        // fails before its first read (client gone, daemon stopping) must not keep one of the
        // subscriber places for ever — an async iterator that never started runs no finally.
        var registration = cancellationToken.Register(() => Unsubscribe(channel));
        return ReadAsync(channel, registration, cancellationToken);
    }

    /// <summary>Live subscribers now.</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count;
            }
        }
    }

    private async IAsyncEnumerable<StoredMessage> ReadAsync(Channel<StoredMessage> channel, CancellationTokenRegistration registration,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return message;
            }
        }
        finally
        {
            await registration.DisposeAsync().ConfigureAwait(false);
            Unsubscribe(channel);
        }
    }

    private void Unsubscribe(Channel<StoredMessage> channel)
    {
        lock (_lock)
        {
            _subscribers.Remove(channel);
        }
    }

    public void Complete()
    {
        lock (_lock)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryComplete();
            }
        }
    }
}
