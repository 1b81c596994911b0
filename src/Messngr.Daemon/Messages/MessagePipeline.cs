using System.Threading.Channels;
using Messngr.Daemon.Listeners;

namespace Messngr.Daemon.Messages;

/// <summary>
/// The bounded hand-off from listeners to the sinks (style.md: "A bounded Channel hands messages
/// from listeners to the store/dispatcher"). A flood fills the queue and is dropped and counted;
/// memory never grows past <see cref="Capacity"/> messages.
/// </summary>
internal sealed class MessagePipeline
{
    public const int Capacity = 1024;

    private readonly Channel<ReceivedMessage> _channel = Channel.CreateBounded<ReceivedMessage>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private readonly ListenerCounters _counters;

    public MessagePipeline(ListenerCounters counters) => _counters = counters;

    /// <summary>Offers a message; false (and counted) when the queue is full.</summary>
    public bool TryPublish(ReceivedMessage message)
    {
        if (_channel.Writer.TryWrite(message))
        {
            _counters.CountAccepted();
            return true;
        }

        _counters.CountDropped();
        return false;
    }

    public IAsyncEnumerable<ReceivedMessage> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);

    public void Complete() => _channel.Writer.TryComplete();
}
