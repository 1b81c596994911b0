using System.Collections.Concurrent;
using Messngr.Daemon.Sinks;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Hosting;

/// <summary>
/// One sink's bounded queue and its owned worker (architecture.md: "each sink drains its own
/// bounded queue, so a stuck terminal or a dead D-Bus cannot stall the commit path"). The
/// dispatcher only offers: a full queue drops the sink's copy and counts it as
/// <c>droppedSink.NAME</c> (issue #10, item 8). The worker is a dedicated thread that delivers
/// synchronously: a sink may block it (a hung home directory while resolving, a blocked standard
/// output) without taking a thread-pool thread, and a busy thread pool (sessions committing) never
/// starves the sink into dropping.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification =
    "The BlockingCollection's semaphores never create wait handles (no WaitHandle is asked for): nothing to release, and the queue lives as long as the daemon.")]
internal sealed class SinkQueue
{
    private readonly IMessageSink _sink;
    private readonly ListenerCounters _counters;
    private readonly ILogger _logger;
    private readonly BlockingCollection<ReceivedMessage> _queue;
    private readonly Task _worker;
    private int _overflowing;

    public SinkQueue(IMessageSink sink, int capacity, ListenerCounters counters, ILogger logger)
    {
        _sink = sink;
        _counters = counters;
        _logger = logger;
        _counters.RegisterSink(sink.Name);
        // A blocking collection rather than a channel: the worker thread waits on it directly, so
        // waking it needs no thread-pool thread (a channel completes its waiters on the pool).
        _queue = new BlockingCollection<ReceivedMessage>(new ConcurrentQueue<ReceivedMessage>(), capacity);
        _worker = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public IMessageSink Sink => _sink;

    /// <summary>Offers a message without waiting; false (counted, logged once per overflow) when the queue is full.</summary>
    public bool TryEnqueue(ReceivedMessage message)
    {
        if (!_queue.IsAddingCompleted && _queue.TryAdd(message))
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
        _queue.CompleteAdding();
        return _worker;
    }

    private void Run()
    {
        foreach (var message in _queue.GetConsumingEnumerable())
        {
            Volatile.Write(ref _overflowing, 0);
            try
            {
                var delivery = _sink.DeliverAsync(message, CancellationToken.None);
                if (!delivery.IsCompletedSuccessfully)
                {
                    delivery.AsTask().GetAwaiter().GetResult();
                }
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException or ArgumentException)
            {
                DaemonLog.HandlerFailed(_logger, _sink.Name, ex);
            }
        }
    }
}
