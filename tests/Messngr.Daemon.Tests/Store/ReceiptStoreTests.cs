using System.Globalization;
using System.Net;
using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Core;
using Messngr.Daemon.Store;
using Microsoft.Data.Sqlite;

namespace Messngr.Daemon.Tests.Store;

/// <summary>
/// Issue #13, item 6 and docs/native-protocol.md §11 in the store (schema 3): deduplication by
/// (sending node, message id), sealed kept, displayed/read recorded once, the bounded queue of
/// receipts owed to sending nodes, and the upgrade from a version 2 database.
/// </summary>
public sealed class ReceiptStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-07T05:00:00Z", CultureInfo.InvariantCulture);
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("10.0.0.3"), 40000);
    private static readonly SenderIdentity.Native NodeX = new("P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2", "xavier");
    private static readonly SenderIdentity.Native NodeY = new("YYYYYYY-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2", "yolanda");

    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-receipts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ReceivedMessage Native(SenderIdentity.Native sender, MessageId id, string text = "hi") =>
        new ReceivedMessage(sender.User, "ALICE", text, MessageTransport.Native, Peer, Now) { Sender = sender, MessageId = id, OwnerUid = 1000 };

    private static QueuedReceipt Owed(ReceivedMessage m, ReceiptState state) =>
        new(m.MessageId, ((SenderIdentity.Native)m.Sender).NodeId, state, Now, m.Source.Address.ToString(), Now.AddDays(7)) { NextAttemptAt = Now };

    [Fact]
    public void Another_nodes_message_with_the_same_id_is_stored_and_only_the_same_node_repeating_it_is_a_duplicate()
    {
        using var store = new SqliteMessageStore(_dir);
        var id = MessageId.New();
        var first = store.Commit([Native(NodeX, id, "from X")]);
        // Node Y sends the same id: a different message (one node must not suppress another's, §11).
        var second = store.Commit([Native(NodeY, id, "from Y")]);
        var again = store.Commit([Native(NodeX, id, "X again")]);
        var classic = new ReceivedMessage("CAROL", "ALICE", "classic", MessageTransport.Smb, Peer, Now) { MessageId = id };
        var classicTwice = store.Commit([classic, classic with { Text = "classic again" }]);

        Assert.False(Assert.Single(first).Duplicate);
        Assert.False(Assert.Single(second).Duplicate);
        Assert.NotEqual(first[0].Id, second[0].Id);
        Assert.Equal([new CommitResult(first[0].Id, true)], again);
        Assert.Equal([false, true], classicTwice.Select(r => r.Duplicate));
        Assert.Equal(classicTwice[0].Id, classicTwice[1].Id);
        Assert.Equal(["classic", "from Y", "from X"], store.History(10).Select(h => h.Message.Text));
    }

    [Fact]
    public void Sealed_and_the_displayed_and_read_times_are_kept_and_read_back()
    {
        using (var store = new SqliteMessageStore(_dir))
        {
            var id = store.Commit([Native(NodeX, MessageId.New()) with { Sealed = true }])[0].Id;
            store.Commit([Native(NodeX, MessageId.New(), "open")]);
            Assert.True(store.RecordSeen(id, ReceiptState.Displayed, Now.AddMinutes(1), null).Recorded);
            Assert.True(store.RecordSeen(id, ReceiptState.Read, Now.AddMinutes(2), null).Recorded);
        }

        using var reopened = new SqliteMessageStore(_dir);
        var history = reopened.History(10);
        Assert.Equal([(false, (DateTimeOffset?)null, (DateTimeOffset?)null), (true, Now.AddMinutes(1), Now.AddMinutes(2))], history.Select(h => (h.Message.Sealed, h.Message.DisplayedAt, h.Message.ReadAt)));
        var dto = ControlDtoMapper.ToDto(history[1]);
        Assert.Equal((true, Now.AddMinutes(1), Now.AddMinutes(2)), (dto.Sealed, dto.DisplayedAt, dto.ReadAt));
    }

    [Fact]
    public void Each_state_is_recorded_once_and_read_implies_displayed()
    {
        using var store = new SqliteMessageStore(_dir);
        var message = Native(NodeX, MessageId.New());
        var id = store.Commit([message])[0].Id;

        Assert.True(store.RecordSeen(id, ReceiptState.Read, Now, Owed(message, ReceiptState.Read)).Recorded);
        Assert.False(store.RecordSeen(id, ReceiptState.Read, Now.AddMinutes(1), Owed(message, ReceiptState.Read)).Recorded);
        // Displayed came with read: a sink showing it later changes nothing and queues nothing.
        Assert.False(store.RecordSeen(id, ReceiptState.Displayed, Now.AddMinutes(2), Owed(message, ReceiptState.Displayed)).Recorded);
        Assert.False(store.RecordSeen(999, ReceiptState.Displayed, Now, null).Recorded);

        var stored = Assert.Single(store.History(1)).Message;
        Assert.Equal((Now, Now), (stored.DisplayedAt, stored.ReadAt));
        // Read before any sink showed it: the sender is owed displayed (first) and read, both at read's time.
        var queued = store.DueReceipts(DateTimeOffset.MaxValue, 100);
        Assert.Equal(
            [(message.MessageId, NodeX.NodeId, ReceiptState.Displayed, Now, "10.0.0.3", 0), (message.MessageId, NodeX.NodeId, ReceiptState.Read, Now, "10.0.0.3", 0)],
            queued.Select(q => (q.MessageId, q.SenderNode, q.State, q.At, q.Address, q.Attempts)));
    }

    [Fact]
    public void The_queue_is_bounded_the_oldest_receipt_is_dropped_and_returned()
    {
        using var store = new SqliteMessageStore(_dir, DaemonLimits.Default with { MaxQueuedReceipts = 2 });
        var messages = Enumerable.Range(0, 3).Select(i => Native(NodeX, MessageId.New(), $"m{i}")).ToList();
        var ids = store.Commit(messages).Select(r => r.Id).ToList();

        Assert.Empty(store.RecordSeen(ids[0], ReceiptState.Displayed, Now, Owed(messages[0], ReceiptState.Displayed)).Dropped);
        Assert.Empty(store.RecordSeen(ids[1], ReceiptState.Displayed, Now, Owed(messages[1], ReceiptState.Displayed)).Dropped);
        var third = store.RecordSeen(ids[2], ReceiptState.Displayed, Now, Owed(messages[2], ReceiptState.Displayed));

        Assert.True(third.Recorded);
        Assert.Equal(messages[0].MessageId, Assert.Single(third.Dropped).MessageId);
        Assert.Equal([messages[1].MessageId, messages[2].MessageId], store.DueReceipts(DateTimeOffset.MaxValue, 100).Select(r => r.MessageId));
    }

    [Fact]
    public void A_receipt_is_rescheduled_and_removed()
    {
        using var store = new SqliteMessageStore(_dir);
        var message = Native(NodeX, MessageId.New());
        var id = store.Commit([message])[0].Id;
        store.RecordSeen(id, ReceiptState.Displayed, Now, Owed(message, ReceiptState.Displayed));
        var owed = Assert.Single(store.DueReceipts(Now, 10));

        Assert.True(store.RescheduleReceipt(owed, Now.AddSeconds(10), "connection refused"));
        Assert.Empty(store.DueReceipts(Now.AddSeconds(9), 10));
        var later = Assert.Single(store.DueReceipts(Now.AddSeconds(10), 10));
        Assert.Equal((1, "connection refused"), (later.Attempts, later.LastError));
        Assert.True(store.RemoveReceipt(later));
        Assert.False(store.RemoveReceipt(later));
        Assert.Empty(store.DueReceipts(DateTimeOffset.MaxValue, 10));
    }

    [Fact]
    public void A_node_with_a_receipt_due_gets_its_others_too_so_read_never_goes_without_the_displayed_that_waits()
    {
        using var store = new SqliteMessageStore(_dir);
        var message = Native(NodeX, MessageId.New());
        var other = Native(NodeY, MessageId.New(), "for Y");
        var ids = store.Commit([message, other]).Select(r => r.Id).ToList();
        // X's displayed failed once and waits out its back-off; then the user reads it: read is due now.
        store.RecordSeen(ids[0], ReceiptState.Displayed, Now, Owed(message, ReceiptState.Displayed));
        Assert.True(store.RescheduleReceipt(Assert.Single(store.DueReceipts(Now, 10)), Now.AddSeconds(10), "connection refused"));
        store.RecordSeen(ids[0], ReceiptState.Read, Now.AddSeconds(2), Owed(message, ReceiptState.Read) with { At = Now.AddSeconds(2), NextAttemptAt = Now.AddSeconds(2) });
        // Y's displayed waits too, and nothing of Y's is due.
        store.RecordSeen(ids[1], ReceiptState.Displayed, Now, Owed(other, ReceiptState.Displayed));
        Assert.True(store.RescheduleReceipt(store.DueReceipts(Now, 10).Single(r => r.SenderNode == NodeY.NodeId), Now.AddSeconds(10), "connection refused"));

        var due = store.DueReceipts(Now.AddSeconds(2), 10);

        // X is contacted for read: its displayed goes along (the due one listed first); Y waits.
        Assert.Equal(
            [(NodeX.NodeId, ReceiptState.Read), (NodeX.NodeId, ReceiptState.Displayed)],
            due.Select(r => (r.SenderNode, r.State)));
    }

    [Fact]
    public void A_version_2_database_is_upgraded_to_3_keeping_its_messages_and_dedupes_by_node_from_then_on()
    {
        var path = Path.Combine(_dir, "messngr.db");
        var id = MessageId.New();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            StoreSchema.Upgrade(connection, path, 2);
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO messages (sender, recipient, text, transport, authenticated, source_address, source_port, received_at, owner_uid, message_id, sender_node, sender_user, priority)
                VALUES ('xavier', 'ALICE', 'stored by v2', 'native', 1, '10.0.0.3', 40000, '2026-12-07T05:00:00.0000000+00:00', 1000, $id, $node, 'xavier', 'high')
                """;
            insert.Parameters.AddWithValue("$id", id.ToString());
            insert.Parameters.AddWithValue("$node", NodeX.NodeId);
            insert.ExecuteNonQuery();
            Assert.Equal(2L, Scalar(connection, "PRAGMA user_version"));
        }

        using var store = new SqliteMessageStore(_dir);
        var old = Assert.Single(store.History(10)).Message;
        Assert.Equal(("stored by v2", id, NodeX, Priority.High, false, (DateTimeOffset?)null, (DateTimeOffset?)null), (old.Text, old.MessageId, old.Sender, old.Priority, old.Sealed, old.DisplayedAt, old.ReadAt));
        var results = store.Commit([Native(NodeX, id), Native(NodeY, id)]);
        Assert.Equal(new CommitResult(1, true), results[0]);
        Assert.False(results[1].Duplicate);
        Assert.True(store.RecordSeen(1, ReceiptState.Displayed, Now, Owed(old, ReceiptState.Displayed)).Recorded);
        Assert.Single(store.DueReceipts(DateTimeOffset.MaxValue, 10));

        using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        check.Open();
        Assert.Equal((long)StoreSchema.CurrentVersion, Scalar(check, "PRAGMA user_version"));
        Assert.Equal(3L, Scalar(check, "PRAGMA user_version"));
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
