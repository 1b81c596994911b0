using Messngr.Daemon.Core;
using Messngr.Daemon.Native;
using Messngr.Daemon.Store;
using Messngr.Daemon.Tests.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Messngr.Daemon.Tests.Native;

/// <summary>The receipt dispatcher's loop (issue #13, item 6) outlives a failing store and ends when asked.</summary>
public sealed class ReceiptDispatcherLoopTests
{
    [Fact]
    public async Task A_store_failure_is_logged_and_does_not_end_the_loop_with_an_exception()
    {
        var log = new CapturingLogger();
        var store = new FailingReceiptStore();
        await using var pool = new TlsConnectionPool((_, _, _) => throw new InvalidOperationException("no connection expected"), DaemonLimits.Default, TimeProvider.System);
        var dispatcher = new ReceiptDispatcher(pool, store, _ => null, DaemonLimits.Default, new FakeTimeProvider(), log);
        using var stop = new CancellationTokenSource();

        var run = dispatcher.RunAsync(stop.Token);
        await store.Asked.Task.WaitAsync(TlsLoopback.SafetyNet);
        await stop.CancelAsync();
        await run.WaitAsync(TlsLoopback.SafetyNet);

        Assert.Contains(log.Lines, line => line.Contains("the message store failed: the disk is full", StringComparison.Ordinal));
    }

    private sealed class FailingReceiptStore : IReceiptStore
    {
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public SeenResult RecordSeen(long id, ReceiptState state, DateTimeOffset at, QueuedReceipt? receipt) => SeenResult.AlreadyRecorded;

        public IReadOnlyList<QueuedReceipt> DueReceipts(DateTimeOffset now, int limit)
        {
            Asked.TrySetResult();
            throw new StoreException("the disk is full");
        }

        public bool RescheduleReceipt(QueuedReceipt receipt, DateTimeOffset nextAttemptAt, string error) => false;

        public bool RemoveReceipt(QueuedReceipt receipt) => false;
    }
}
