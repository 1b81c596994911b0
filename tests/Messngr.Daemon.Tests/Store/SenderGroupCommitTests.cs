using System.Collections.Concurrent;
using System.Globalization;
using Messngr.Daemon.Core;
using Messngr.Daemon.Store;

namespace Messngr.Daemon.Tests.Store;

/// <summary>
/// Issue #13, send2 item 2: the sender's delivery records (sent, the attempt, stored) are queued
/// for a background group commit — never committed on the caller's thread, which may be a
/// connection's reader — so the records of sends answered together share one transaction, and
/// each caller resumes only after that transaction committed.
/// </summary>
public sealed class SenderGroupCommitTests : IDisposable
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-07T09:00:00Z", CultureInfo.InvariantCulture);

    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-sendercommit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static OutgoingMessage Outgoing(string text) => new(MessageId.New(), "BOB@10.0.0.2", "alice", 1000, text, Now);

    private static Receipt Sent(MessageId id) => new(id, ReceiptState.Sent, Now.AddSeconds(1), "to node N");

    private static Receipt Stored(MessageId id) => new(id, ReceiptState.Stored, Now.AddSeconds(2), "by node N");

    [Fact]
    public async Task Deliveries_are_never_committed_on_the_callers_thread_and_those_queued_together_share_one_transaction_each_released_after_it()
    {
        using var store = new SqliteMessageStore(_dir);
        var messages = Enumerable.Range(0, 9).Select(i => Outgoing($"m{i}")).ToList();
        foreach (var message in messages)
        {
            Assert.Equal(EnqueueOutcome.Queued, store.EnqueueOutgoing(message));
        }

        var caller = Environment.CurrentManagedThreadId;
        var committers = new ConcurrentQueue<int>();
        var batches = new ConcurrentQueue<int>();
        using var firstInside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        store.BeforeGroupedTransaction = count =>
        {
            committers.Enqueue(Environment.CurrentManagedThreadId);
            batches.Enqueue(count);
            if (batches.Count == 1 && Environment.CurrentManagedThreadId != caller)
            {
                firstInside.Set();
                Assert.True(release.Wait(SafetyNet)); // the first transaction holds the writer while the others queue
            }
        };

        var first = store.RecordDeliveryAsync(Sent(messages[0].Id), Stored(messages[0].Id));
        Assert.DoesNotContain(caller, committers); // queued, not committed inline
        Assert.True(firstInside.Wait(SafetyNet));
        var rest = messages.Skip(1).Select(m => store.RecordDeliveryAsync(Sent(m.Id), Stored(m.Id))).ToList();
        Assert.DoesNotContain(caller, committers);
        Assert.False(first.IsCompleted); // nobody is told before the commit
        Assert.All(rest, task => Assert.False(task.IsCompleted));

        release.Set();
        Assert.True(await first.WaitAsync(SafetyNet));
        Assert.All(await Task.WhenAll(rest).WaitAsync(SafetyNet), Assert.True);
        Assert.Equal([1, messages.Count - 1], batches);
        foreach (var message in messages)
        {
            Assert.Equal([ReceiptState.Queued, ReceiptState.Sent, ReceiptState.Stored], store.ReceiptsFor(message.Id).Select(r => r.State));
            var entry = store.FindOutgoing(message.Id)!;
            Assert.Equal((1, (DateTimeOffset?)null), (entry.Attempts, entry.NextAttemptAt));
        }
    }

    [Fact]
    public async Task A_delivery_records_what_the_separate_writes_would_record()
    {
        using var store = new SqliteMessageStore(_dir);

        // Not a message of this outbox: nothing recorded.
        var stranger = MessageId.New();
        Assert.False(await store.RecordDeliveryAsync(Sent(stranger), Stored(stranger)).WaitAsync(SafetyNet));
        Assert.Empty(store.ReceiptsFor(stranger));

        // A retry: sent was recorded by an earlier attempt (kept with its first time), stored is new.
        var retried = Outgoing("retried");
        store.EnqueueOutgoing(retried);
        store.RecordReceipt(Sent(retried.Id) with { At = Now.AddMilliseconds(500) });
        store.RecordAttempt(retried.Id, Now.AddMinutes(1), "timed out");
        Assert.True(await store.RecordDeliveryAsync(Sent(retried.Id), Stored(retried.Id)).WaitAsync(SafetyNet));
        var receipts = store.ReceiptsFor(retried.Id);
        Assert.Equal([ReceiptState.Queued, ReceiptState.Sent, ReceiptState.Stored], receipts.Select(r => r.State));
        Assert.Equal(Now.AddMilliseconds(500), receipts[1].At);
        var entry = store.FindOutgoing(retried.Id)!;
        Assert.Equal((2, (string?)null, (DateTimeOffset?)null), (entry.Attempts, entry.LastError, entry.NextAttemptAt));

        // Stored twice (a duplicate answer): the second is not recorded and counts no attempt.
        Assert.False(await store.RecordDeliveryAsync(Sent(retried.Id), Stored(retried.Id)).WaitAsync(SafetyNet));
        Assert.Equal(2, store.FindOutgoing(retried.Id)!.Attempts);

        // Failed already: neither sent nor stored is recorded after it.
        var failed = Outgoing("failed");
        store.EnqueueOutgoing(failed);
        store.RecordReceipt(new Receipt(failed.Id, ReceiptState.Failed, Now.AddSeconds(1), "refused"));
        Assert.False(await store.RecordDeliveryAsync(Sent(failed.Id), Stored(failed.Id)).WaitAsync(SafetyNet));
        Assert.Equal([ReceiptState.Queued, ReceiptState.Failed], store.ReceiptsFor(failed.Id).Select(r => r.State));
        Assert.Equal(0, store.FindOutgoing(failed.Id)!.Attempts);
    }
}
