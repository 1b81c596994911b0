using Messngr.Daemon.Core;
using Microsoft.Data.Sqlite;

namespace Messngr.Daemon.Store;

/// <summary>
/// The receiver's side of receipts (issue #13, item 6): displayed_at / read_at on each message and
/// the bounded durable queue <c>receipts_out</c> of RECEIPTs owed to sending nodes
/// (<see cref="IReceiptStore"/>). Writes are one transaction each under the writer lock, with the
/// store's failure handling (SqliteMessageStore.Outbox.cs).
/// </summary>
internal sealed partial class SqliteMessageStore : IReceiptStore
{
    private const string QueueColumns = "message_id, sender_node, state, at, address, give_up_at, attempts, next_attempt_at, last_error";

    public SeenResult RecordSeen(long id, ReceiptState state, DateTimeOffset at, QueuedReceipt? receipt)
    {
        var sql = state switch
        {
            ReceiptState.Displayed => "UPDATE messages SET displayed_at = $at WHERE id = $id AND displayed_at IS NULL",
            // Read implies displayed: a message opened before any sink showed it was seen then.
            ReceiptState.Read => "UPDATE messages SET read_at = $at, displayed_at = ifnull(displayed_at, $at) WHERE id = $id AND read_at IS NULL",
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, "a receiver reports displayed or read"),
        };
        return Write(transaction =>
        {
            // Read implies displayed: when no sink showed it first, the sender is owed displayed too.
            var notYetDisplayed = state == ReceiptState.Read
                && Scalar(transaction, "SELECT 1 FROM messages WHERE id = $id AND displayed_at IS NULL", ("$id", id)) is not null;
            if (Change(transaction, sql, ("$id", id), ("$at", Timestamp(at))) != 1)
            {
                return SeenResult.AlreadyRecorded;
            }

            if (receipt is null)
            {
                return new SeenResult(true, []);
            }

            var dropped = new List<QueuedReceipt>();
            if (notYetDisplayed)
            {
                dropped.AddRange(Queue(transaction, receipt with { State = ReceiptState.Displayed }));
            }

            dropped.AddRange(Queue(transaction, receipt));
            return new SeenResult(true, dropped);
        });
    }

    /// <summary>Queues one RECEIPT for the sender's node, making room first (the oldest go).</summary>
    private List<QueuedReceipt> Queue(SqliteTransaction transaction, QueuedReceipt receipt)
    {
        var dropped = MakeQueueRoom(transaction);
        Change(
            transaction,
            $"INSERT OR IGNORE INTO receipts_out ({QueueColumns}) VALUES ($id, $node, $state, $at, $address, $giveUp, 0, $next, NULL)",
            ("$id", receipt.MessageId.ToString()),
            ("$node", receipt.SenderNode),
            ("$state", ReceiptStateText.Format(receipt.State)),
            ("$at", Timestamp(receipt.At)),
            ("$address", receipt.Address),
            ("$giveUp", Timestamp(receipt.GiveUpAt)),
            ("$next", Timestamp(receipt.NextAttemptAt)));
        return dropped;
    }

    public IReadOnlyList<QueuedReceipt> DueReceipts(DateTimeOffset now, int limit)
    {
        try
        {
            using var connection = OpenReader();
            using var transaction = connection.BeginTransaction();
            return ReadQueue(
                transaction,
                // A node with a receipt due gets every receipt queued for it (one connection anyway),
                // so a read that is due never overtakes its displayed that waits out a back-off.
                $"SELECT {QueueColumns} FROM receipts_out WHERE sender_node IN (SELECT sender_node FROM receipts_out WHERE next_attempt_at <= $now) ORDER BY next_attempt_at > $now, next_attempt_at, rowid LIMIT $limit",
                ("$now", Timestamp(now)),
                ("$limit", Math.Clamp(limit, 0, _limits.MaxQueuedReceipts)));
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            Failed(ex);
            throw new StoreException($"the message store cannot be read: {Describe(ex)}", ex);
        }
    }

    public bool RescheduleReceipt(QueuedReceipt receipt, DateTimeOffset nextAttemptAt, string error)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return Write(transaction => Change(
            transaction,
            "UPDATE receipts_out SET attempts = attempts + 1, next_attempt_at = $next, last_error = $error WHERE sender_node = $node AND message_id = $id AND state = $state",
            ("$next", Timestamp(nextAttemptAt)),
            ("$error", error),
            ("$node", receipt.SenderNode),
            ("$id", receipt.MessageId.ToString()),
            ("$state", ReceiptStateText.Format(receipt.State))) == 1);
    }

    public bool RemoveReceipt(QueuedReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return Write(transaction => Change(
            transaction,
            "DELETE FROM receipts_out WHERE sender_node = $node AND message_id = $id AND state = $state",
            ("$node", receipt.SenderNode),
            ("$id", receipt.MessageId.ToString()),
            ("$state", ReceiptStateText.Format(receipt.State))) == 1);
    }

    /// <summary>Below the bound, or made so by dropping the oldest queued receipts (returned, so they can be logged).</summary>
    private List<QueuedReceipt> MakeQueueRoom(Microsoft.Data.Sqlite.SqliteTransaction transaction)
    {
        var count = (long)Scalar(transaction, "SELECT count(*) FROM receipts_out")!;
        var excess = count - _limits.MaxQueuedReceipts + 1;
        if (excess <= 0)
        {
            return [];
        }

        const string Oldest = "SELECT rowid FROM receipts_out ORDER BY rowid LIMIT $excess";
        var dropped = ReadQueue(transaction, $"SELECT {QueueColumns} FROM receipts_out WHERE rowid IN ({Oldest}) ORDER BY rowid", ("$excess", excess));
        Change(transaction, $"DELETE FROM receipts_out WHERE rowid IN ({Oldest})", ("$excess", excess));
        return dropped;
    }

    private static List<QueuedReceipt> ReadQueue(Microsoft.Data.Sqlite.SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Prepare(transaction, sql, parameters);
        var result = new List<QueuedReceipt>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (!MessageId.TryParse(reader.GetString(0), out var id, out _) || !ReceiptStateText.TryParse(reader.GetString(2), out var state))
            {
                continue;
            }

            result.Add(new QueuedReceipt(id, reader.GetString(1), state, MessageRows.ParseTime(reader.GetString(3)), reader.GetString(4), MessageRows.ParseTime(reader.GetString(5)))
            {
                Attempts = reader.GetInt32(6),
                NextAttemptAt = MessageRows.ParseTime(reader.GetString(7)),
                LastError = reader.IsDBNull(8) ? null : reader.GetString(8),
            });
        }

        return result;
    }
}
