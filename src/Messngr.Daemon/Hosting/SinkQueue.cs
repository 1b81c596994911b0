using System.Threading.Channels;
using Messngr.Daemon.Sinks;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Hosting;

/// <summary>
/// One sink's bounded queue and its owned worker (architecture.md: "each sink drains its own
/// bounded queue, so a stuck terminal or a dead D-Bus cannot stall the commit path"). The
/// dispatcher only offers: a full queue drops the sink's copy and counts it as
/// <c>droppedSink.NAME</c> (issue #10, item 8).
/// </summary>
internal sealed class SinkQueue
{
    private readonly IMessageSink _sink;
    private readonly ListenerCounters _counters;
    private readonly ILogger _logger;
    private readonly Channel<ReceivedMessage> _queue;
    private readonly Task _worker;
    private int _overflowing;

    public SinkQueue(IMessageSink sink, int capacity, ListenerCounters counters, ILogger logger)
    {
        _sink = sink;
        _counters = counters;
        _logger = logger;
        _counters.RegisterSink(sink.Name);
        _queue = Channel.CreateBounded<ReceivedMessage>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: the drop is ours to count
            SingleReader = true,
            SingleWriter = true,
        });
        _worker = Task.Run(RunAsync);
    }

    public IMessageSink Sink => _sink;

    /// <summary>Offers a message without waiting; false (counted, logged once per overflow) when the queue is full.</summary>
    public bool TryEnqueue(ReceivedMessage message)
    {
        if (_queue.Writer.TryWrite(message))
        {
            return true;
        }

        _counters.CountSinkDropped(_sink.Name);
        if (Interlocked.Exchange(ref _overflowing, 1) == 0)
        {
            DaemonLog.SinkQueueFull(_logger, _sink.Name);
        }

        return false;
    }

    /// <summary>No more messages: the worker delivers what is queued and ends.</summary>
    public Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        return _worker;
    }

    private async Task RunAsync()
    {
        await foreach (var message in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            Volatile.Write(ref _overflowing, 0);
            try
            {
                await _sink.DeliverAsync(message, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException or ArgumentException)
            {
                DaemonLog.HandlerFailed(_logger, _sink.Name, ex);
            }
        }
    }
}
