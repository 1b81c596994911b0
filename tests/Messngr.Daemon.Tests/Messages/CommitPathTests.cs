using Messngr.Daemon.Messages;
using Messngr.Daemon.Tests.Sinks;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Messages;

/// <summary>Issue #10, item 8: the commit path never waits on the display side, and a session awaiting its commit has a deadline.</summary>
public sealed class CommitPathTests
{
    [Fact]
    public async Task Commits_go_on_when_nobody_reads_the_committed_feed_and_the_overflow_is_counted()
    {
        var counters = new ListenerCounters();
        using var store = new FakeStore();
        var limits = DaemonLimits.Default with { PipelineCapacity = 32 };
        var pipeline = new MessagePipeline(counters, store, limits: limits);
        var writer = Task.Run(pipeline.RunAsync);
        var count = limits.PipelineCapacity + 100;

        for (var i = 0; i < count; i++)
        {
            // Safety net only: before the fix the commit after a full feed waited for ever on the full feed.
            var stored = await pipeline.PublishAsync(TestMessages.Message($"m{i}")).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.NotNull(stored);
        }

        Assert.Equal(count, counters.Accepted);
        Assert.Equal(100, counters.SinkDropped(MessagePipeline.DispatchSinkName));
        Assert.Equal(100, counters.Snapshot()["droppedSink.dispatch"]);
        pipeline.Complete();
        await writer.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_session_waiting_behind_a_hung_commit_gives_up_at_the_deadline()
    {
        var counters = new ListenerCounters();
        using var store = new FakeStore();
        var pipeline = new MessagePipeline(counters, store) { CommitDeadline = TimeSpan.FromMilliseconds(200) };
        var writer = Task.Run(pipeline.RunAsync);
        store.Hold();

        // The first session commits inline and hangs in the store (a hung disk).
        var first = Task.Run(() => pipeline.PublishAsync(TestMessages.Message("first")));
        Assert.True(store.Entered.Wait(TimeSpan.FromSeconds(30)));

        // The second waits for that commit; it answers "no room" at the deadline instead of for ever.
        var second = await pipeline.PublishAsync(TestMessages.Message("second")).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Null(second);
        Assert.Equal(1, counters.CommitTimedOut);
        store.Release();
        Assert.NotNull(await first.WaitAsync(TimeSpan.FromSeconds(30)));
        pipeline.Complete();
        await writer.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
