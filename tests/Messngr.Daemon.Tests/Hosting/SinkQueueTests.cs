using Messngr.Daemon.Core;
using Messngr.Daemon.Hosting;
using Messngr.Daemon.Sinks;
using Messngr.Daemon.Tests.Sinks;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Tests.Hosting;

/// <summary>
/// A sink's queue and worker (issue #13, receiver speed): offers made while the worker delivers
/// only queue — they do not wake it, it takes them all when it comes back — and nothing is lost,
/// reordered or let past the bound.
/// </summary>
public sealed class SinkQueueTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_burst_offered_while_the_worker_delivers_wakes_it_not_once_and_is_delivered_in_order()
    {
        using var sink = new GatedSink();
        var queue = new SinkQueue(sink, 1024, new ListenerCounters(), NullLogger.Instance);
        Assert.True(queue.TryEnqueue(TestMessages.Message("m0")));
        Assert.True(sink.Entered.Wait(SafetyNet)); // the worker is inside the first delivery, held
        var wakes = queue.Wakes;

        for (var i = 1; i <= 100; i++)
        {
            Assert.True(queue.TryEnqueue(TestMessages.Message($"m{i}")));
        }

        // Before the fix every offer signalled the worker (a BlockingCollection releases its
        // semaphore per item and the worker spun on sched_yield between them).
        Assert.Equal(wakes, queue.Wakes);
        sink.Open();
        await queue.CompleteAsync().WaitAsync(SafetyNet);
        Assert.Equal(Enumerable.Range(0, 101).Select(i => $"m{i}"), sink.Delivered);
    }

    [Fact]
    public async Task Offers_beyond_the_capacity_while_the_sink_is_stuck_are_dropped_and_counted()
    {
        using var sink = new GatedSink();
        var counters = new ListenerCounters();
        var queue = new SinkQueue(sink, 10, counters, NullLogger.Instance);
        Assert.True(queue.TryEnqueue(TestMessages.Message("m0")));
        Assert.True(sink.Entered.Wait(SafetyNet));

        var accepted = Enumerable.Range(1, 25).Count(i => queue.TryEnqueue(TestMessages.Message($"m{i}")));

        Assert.Equal(10, accepted); // the one being delivered does not count against the bound
        Assert.Equal(15, counters.SinkDropped(sink.Name));
        sink.Open();
        await queue.CompleteAsync().WaitAsync(SafetyNet);
        Assert.Equal(Enumerable.Range(0, 11).Select(i => $"m{i}"), sink.Delivered);
    }

    [Fact]
    public async Task A_worker_asleep_on_an_empty_queue_is_woken_by_the_next_offer()
    {
        using var sink = new GatedSink();
        sink.Open();
        var queue = new SinkQueue(sink, 16, new ListenerCounters(), NullLogger.Instance);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(queue.TryEnqueue(TestMessages.Message($"m{i}")));
            while (sink.Delivered.Count <= i)
            {
                await Task.Delay(5); // polls for the delivery; no timing is asserted
            }
        }

        await queue.CompleteAsync().WaitAsync(SafetyNet);
        Assert.Equal(["m0", "m1", "m2"], sink.Delivered);
    }

    /// <summary>Holds its first delivery until <see cref="Open"/>; records what it was given.</summary>
    private sealed class GatedSink : IMessageSink, IDisposable
    {
        private readonly ManualResetEventSlim _gate = new(false);
        private readonly List<string> _delivered = [];

        public ManualResetEventSlim Entered { get; } = new(false);

        public string Name => "gated";

        public IReadOnlyList<string> Delivered
        {
            get
            {
                lock (_delivered)
                {
                    return [.. _delivered];
                }
            }
        }

        public void Open() => _gate.Set();

        public ValueTask DeliverAsync(ReceivedMessage message, CancellationToken cancellationToken)
        {
            Entered.Set();
            _gate.Wait(cancellationToken);
            lock (_delivered)
            {
                _delivered.Add(message.Text);
            }

            return ValueTask.CompletedTask;
        }

        public void Dispose()
        {
            _gate.Dispose();
            Entered.Dispose();
        }
    }
}
