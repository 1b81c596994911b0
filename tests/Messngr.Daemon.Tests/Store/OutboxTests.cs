using System.Globalization;
using Messngr.Daemon.Core;
using Messngr.Daemon.Store;

namespace Messngr.Daemon.Tests.Store;

/// <summary>Issue #13, items 1, 6 and 7: the sender's durable outbox and its receipts, forward only and bounded.</summary>
public sealed class OutboxTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-07T04:00:00Z", CultureInfo.InvariantCulture);

    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-outbox-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static OutgoingMessage Outgoing(string text, DateTimeOffset? created = null, DateTimeOffset? expires = null) =>
        new(MessageId.New(), "bob@hostb", "alice", 1000, text, created ?? Now) { ExpiresAt = expires, Priority = Priority.High, CorrelationKey = "k1", NodeId = "P56IOI7" };

    [Fact]
    public void A_queued_message_survives_a_restart_with_every_field_and_its_queued_receipt()
    {
        var message = Outgoing("hello", expires: Now.AddHours(1)) with { ReplyTo = MessageId.New(), Sealed = true };
        using (var store = new SqliteMessageStore(_dir))
        {
            Assert.Equal(EnqueueOutcome.Queued, store.EnqueueOutgoing(message));
            Assert.Equal(EnqueueOutcome.Duplicate, store.EnqueueOutgoing(message with { }));
        }

        using var reopened = new SqliteMessageStore(_dir);
        Assert.Equal(message, reopened.FindOutgoing(message.Id));
        Assert.Equal([new Receipt(message.Id, ReceiptState.Queued, Now)], reopened.ReceiptsFor(message.Id));
        Assert.Equal([message.Id], reopened.DueOutgoing(Now, 10).Select(m => m.Id));
    }

    [Fact]
    public void Due_messages_come_earliest_first_limited_and_an_attempt_moves_the_next_one()
    {
        using var store = new SqliteMessageStore(_dir);
        var a = Outgoing("a", Now.AddSeconds(2));
        var b = Outgoing("b", Now.AddSeconds(1));
        var later = Outgoing("later", Now.AddMinutes(5));
        var expired = Outgoing("expired", Now, Now);
        foreach (var m in (OutgoingMessage[])[a, b, later, expired])
        {
            store.EnqueueOutgoing(m);
        }

        var at = Now.AddSeconds(10);
        Assert.Equal(["b", "a"], store.DueOutgoing(at, 10).Select(m => m.Text));
        Assert.Equal(["b"], store.DueOutgoing(at, 1).Select(m => m.Text));

        Assert.True(store.RecordAttempt(b.Id, Now.AddMinutes(1), "connection refused"));
        Assert.Equal(["a"], store.DueOutgoing(at, 10).Select(m => m.Text));
        var retried = store.FindOutgoing(b.Id)!;
        Assert.Equal((1, "connection refused", (DateTimeOffset?)Now.AddMinutes(1)), (retried.Attempts, retried.LastError, retried.NextAttemptAt));
        Assert.False(store.RecordAttempt(MessageId.New(), null, null));
    }

    [Fact]
    public void Receipt_states_are_recorded_once_a_receivers_state_arriving_after_a_later_one_is_kept_and_nothing_follows_an_end()
    {
        using var store = new SqliteMessageStore(_dir);
        var m = Outgoing("m");
        store.EnqueueOutgoing(m);

        Assert.True(store.RecordReceipt(new Receipt(m.Id, ReceiptState.Sent, Now.AddSeconds(1))));
        Assert.False(store.RecordReceipt(new Receipt(m.Id, ReceiptState.Sent, Now.AddSeconds(2))));
        Assert.True(store.RecordReceipt(new Receipt(m.Id, ReceiptState.Read, Now.AddSeconds(3), "opened")));
        Assert.True(store.RecordReceipt(new Receipt(m.Id, ReceiptState.Displayed, Now.AddSeconds(2), "shown"))); // arrived after read
        Assert.False(store.RecordReceipt(new Receipt(m.Id, ReceiptState.Displayed, Now.AddSeconds(4))));
        Assert.False(store.RecordReceipt(new Receipt(m.Id, ReceiptState.Sent, Now.AddSeconds(4))));
        Assert.False(store.RecordReceipt(new Receipt(m.Id, ReceiptState.Expired, Now.AddSeconds(5))));

        Assert.Equal(
            [(ReceiptState.Queued, Now, null), (ReceiptState.Sent, Now.AddSeconds(1), null), (ReceiptState.Displayed, Now.AddSeconds(2), "shown"), (ReceiptState.Read, Now.AddSeconds(3), "opened")],
            store.ReceiptsFor(m.Id).Select(r => (r.State, r.At, r.Detail)));
        Assert.Null(store.FindOutgoing(m.Id)!.NextAttemptAt);
        Assert.Empty(store.DueOutgoing(Now.AddHours(1), 10));
    }

    [Fact]
    public void A_receipt_for_a_message_this_node_never_sent_is_ignored()
    {
        using var store = new SqliteMessageStore(_dir);
        var stranger = MessageId.New();
        Assert.False(store.RecordReceipt(new Receipt(stranger, ReceiptState.Stored, Now)));
        Assert.Empty(store.ReceiptsFor(stranger));
    }

    [Fact]
    public void Expired_messages_are_ended_reported_once_and_nothing_follows()
    {
        using var store = new SqliteMessageStore(_dir);
        var soon = Outgoing("soon", expires: Now.AddMinutes(1));
        var stored = Outgoing("stored", expires: Now.AddMinutes(1));
        var never = Outgoing("never");
        foreach (var m in (OutgoingMessage[])[soon, stored, never])
        {
            store.EnqueueOutgoing(m);
        }

        store.RecordReceipt(new Receipt(stored.Id, ReceiptState.Stored, Now.AddSeconds(5)));
        Assert.Empty(store.ExpireDue(Now.AddSeconds(59)));

        var expired = Assert.Single(store.ExpireDue(Now.AddMinutes(1)));
        Assert.Equal((soon.Id, (DateTimeOffset?)null), (expired.Id, expired.NextAttemptAt));
        Assert.Empty(store.ExpireDue(Now.AddMinutes(2)));
        Assert.Equal([ReceiptState.Queued, ReceiptState.Expired], store.ReceiptsFor(soon.Id).Select(r => r.State));
        Assert.False(store.RecordReceipt(new Receipt(soon.Id, ReceiptState.Stored, Now.AddMinutes(3))));
        Assert.Equal(["never"], store.DueOutgoing(Now.AddMinutes(3), 10).Select(m => m.Text));
    }

    [Fact]
    public void Expiry_is_bounded_per_step()
    {
        using var store = new SqliteMessageStore(_dir, DaemonLimits.Default with { ExpireBatch = 2 });
        for (var i = 0; i < 5; i++)
        {
            store.EnqueueOutgoing(Outgoing($"m{i}", expires: Now));
        }

        Assert.Equal([2, 2, 1, 0], Enumerable.Range(0, 4).Select(_ => store.ExpireDue(Now).Count));
    }

    [Fact]
    public void A_full_outbox_drops_its_oldest_finished_message_and_refuses_when_all_still_wait()
    {
        using var store = new SqliteMessageStore(_dir, DaemonLimits.Default with { MaxOutbox = 3 });
        var first = Outgoing("first");
        var second = Outgoing("second");
        var third = Outgoing("third");
        foreach (var m in (OutgoingMessage[])[first, second, third])
        {
            Assert.Equal(EnqueueOutcome.Queued, store.EnqueueOutgoing(m));
        }

        Assert.Equal(EnqueueOutcome.Full, store.EnqueueOutgoing(Outgoing("refused")));

        store.RecordReceipt(new Receipt(second.Id, ReceiptState.Stored, Now));
        store.RecordReceipt(new Receipt(first.Id, ReceiptState.Failed, Now, "unknown node"));
        var fourth = Outgoing("fourth");
        Assert.Equal(EnqueueOutcome.Queued, store.EnqueueOutgoing(fourth));

        Assert.Null(store.FindOutgoing(first.Id));
        Assert.Empty(store.ReceiptsFor(first.Id));
        Assert.NotNull(store.FindOutgoing(second.Id));
        Assert.Equal(["third", "fourth"], store.DueOutgoing(Now, 10).Select(m => m.Text).Order(StringComparer.Ordinal).Reverse());
    }
}
