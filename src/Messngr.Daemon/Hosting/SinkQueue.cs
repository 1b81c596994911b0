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
/// <remarks>
/// The worker sleeps in <see cref="Monitor.Wait(object)"/> and is woken only when it sleeps: an offer
/// while it delivers just queues, and the worker takes everything queued at once when it comes back.
/// (Issue #13, receiver speed: the BlockingCollection this replaces spun with <c>sched_yield</c> on
/// every empty take — with a message committed every ~100 µs the worker never slept, and each sink
/// thread burnt a core's worth of <c>sched_yield</c>: 30 % of the daemon's CPU under scenario 7's load.)
/// </remarks>
internal sealed class SinkQueue
{
    private readonly IMessageSink _sink;
    private readonly ListenerCounters _counters;
    private readonly ILogger _logger;
    private readonly int _capacity;

    /// <summary>Guards the fields below; the worker waits on it (Monitor.Wait/Pulse).</summary>
    private readonly object _gate = new();
    private Queue<ReceivedMessage> _queue = new();
    private Queue<ReceivedMessage> _taken = new();
    private bool _sleeping;
    private bool _completed;

    /// <summary>Offered and not yet handed to the sink (queued or in the worker's taken batch): the bound.</summary>
    private int _pending;

    private readonly Task _worker;
    private int _overflowing;
    private long _wakes;

    public SinkQueue(IMessageSink sink, int capacity, ListenerCounters counters, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _sink = sink;
        _counters = counters;
        _logger = logger;
        _capacity = capacity;
        _counters.RegisterSink(sink.Name);
        _worker = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public IMessageSink Sink => _sink;

    /// <summary>Messages offered and not yet handed to the sink (issue #15, item 6: <c>messngr_queue_depth{queue="sink-NAME"}</c>).</summary>
    public int Depth
    {
        get
        {
            lock (_gate)
            {
                return _pending;
            }
        }
    }

    /// <summary>Times an offer woke the sleeping worker (tests: a burst offered while it delivers wakes it not at all).</summary>
    internal long Wakes => Interlocked.Read(ref _wakes);

    /// <summary>Offers a message without waiting; false (counted, logged once per overflow) when the queue is full.</summary>
    public bool TryEnqueue(ReceivedMessage message)
    {
        var queued = false;
        lock (_gate)
        {
            if (!_completed && Volatile.Read(ref _pending) < _capacity)
            {
                Interlocked.Increment(ref _pending);
                _queue.Enqueue(message);
                queued = true;
                if (_sleeping)
                {
                    _sleeping = false; // one wake: later offers find it awake and only queue
                    _wakes++;
                    Monitor.Pulse(_gate);
                }
            }
        }

        if (queued)
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
        lock (_gate)
        {
            _completed = true;
            if (_sleeping)
            {
                _sleeping = false;
                Monitor.Pulse(_gate);
            }
        }

        return _worker;
    }

    private void Run()
    {
        while (TakeAll() is { } batch)
        {
            Volatile.Write(ref _overflowing, 0);
            while (batch.TryDequeue(out var message))
            {
                Interlocked.Decrement(ref _pending);
                Deliver(message);
            }
        }
    }

    /// <summary>Everything queued (swapped out whole, so offers never wait for a delivery), sleeping while nothing is; null once completed and empty.</summary>
    private Queue<ReceivedMessage>? TakeAll()
    {
        lock (_gate)
        {
            while (_queue.Count == 0)
            {
                if (_completed)
                {
                    return null;
                }

                _sleeping = true;
                Monitor.Wait(_gate);
            }

            (_queue, _taken) = (_taken, _queue);
            return _taken;
        }
    }

    private void Deliver(ReceivedMessage message)
    {
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
