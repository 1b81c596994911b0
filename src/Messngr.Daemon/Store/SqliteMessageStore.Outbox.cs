using Messngr.Daemon.Core;
using Microsoft.Data.Sqlite;

namespace Messngr.Daemon.Store;

/// <summary>
/// The sender's side (issue #13, items 1, 6 and 7): the durable outbox and the receipts of what
/// was sent. Every write is one transaction under the writer lock with the messages' failure
/// handling: a full disk throws to the caller and shows in <see cref="Health"/> until a write
/// succeeds again. The outbox holds at most <see cref="DaemonLimits.MaxOutbox"/> messages.
/// </summary>
internal sealed partial class SqliteMessageStore
{
    /// <summary>
    /// Rows in the outbox as of the last committed write, kept under the writer lock so that an
    /// enqueue does not count the table (up to <see cref="DaemonLimits.MaxOutbox"/> rows) each time;
    /// null: not known (at open, after a failed write), counted at the next enqueue.
    /// </summary>
    private long? _outboxCount;

    /// <summary>Prepared statements of the writer connection by SQL text (<see cref="Rent"/>); used under the writer lock only.</summary>
    private readonly Dictionary<string, SqliteCommand> _writerStatements = new(StringComparer.Ordinal);

    private const string OutboxColumns = "message_id, recipient, node_id, from_user, from_uid, text, priority, created_at, expires_at, correlation_key, reply_to, next_attempt_at, attempts, last_error, sealed";

    /// <summary>
    /// Told each receipt state once it is committed for a message of the outbox (issue #15, item 6:
    /// <c>messngr_receipts_total{state}</c>); called after the commit, never for a write that was
    /// rolled back. It must not block or throw.
    /// </summary>
    public Action<ReceiptState>? ReceiptRecorded { get; set; }

    public EnqueueOutcome EnqueueOutgoing(OutgoingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Announce(Write(transaction => Enqueue(transaction, message)));
    }

    public async Task<EnqueueOutcome> EnqueueOutgoingAsync(OutgoingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Announce(await WriteAsync(transaction => Enqueue(transaction, message)).ConfigureAwait(false));
    }

    private EnqueueOutcome Announce(EnqueueOutcome outcome)
    {
        if (outcome == EnqueueOutcome.Queued)
        {
            ReceiptRecorded?.Invoke(ReceiptState.Queued);
        }

        return outcome;
    }

    private void Announce(List<ReceiptState> states)
    {
        if (ReceiptRecorded is { } recorded)
        {
            foreach (var state in states)
            {
                recorded(state);
            }
        }
    }

    private EnqueueOutcome Enqueue(SqliteTransaction transaction, OutgoingMessage message)
    {
        {
            var id = message.Id.ToString();
            if (Scalar(transaction, "SELECT 1 FROM outbox WHERE message_id = $id", ("$id", id)) is not null)
            {
                return EnqueueOutcome.Duplicate;
            }

            if (!MakeOutboxRoom(transaction))
            {
                return EnqueueOutcome.Full;
            }

            Change(
                transaction,
                $"INSERT INTO outbox ({OutboxColumns}) VALUES ($id, $recipient, $node, $user, $uid, $text, $priority, $created, $expires, $key, $replyTo, $next, $attempts, $error, $sealed)",
                ("$id", id),
                ("$recipient", message.Recipient),
                ("$node", MessageRows.Nullable(message.NodeId)),
                ("$user", message.FromUser),
                ("$uid", (long)message.FromUid),
                ("$text", message.Text),
                ("$priority", PriorityText.Format(message.Priority)),
                ("$created", Timestamp(message.CreatedAt)),
                ("$expires", MessageRows.Nullable(message.ExpiresAt)),
                ("$key", MessageRows.Nullable(message.CorrelationKey)),
                ("$replyTo", MessageRows.Nullable(message.ReplyTo)),
                ("$next", MessageRows.Nullable(message.NextAttemptAt)),
                ("$attempts", message.Attempts),
                ("$error", MessageRows.Nullable(message.LastError)),
                ("$sealed", message.Sealed ? 1L : 0L));
            InsertReceipt(transaction, new Receipt(message.Id, ReceiptState.Queued, message.CreatedAt));
            _outboxCount++;
            return EnqueueOutcome.Queued;
        }
    }

    public IReadOnlyList<OutgoingMessage> DueOutgoing(DateTimeOffset now, int limit) => ReadOutbox(
        $"SELECT {OutboxColumns} FROM outbox WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= $now AND (expires_at IS NULL OR expires_at > $now) ORDER BY next_attempt_at, message_id LIMIT $limit",
        ("$now", Timestamp(now)),
        ("$limit", Math.Clamp(limit, 0, _limits.MaxOutbox)));

    public OutgoingMessage? FindOutgoing(MessageId id) =>
        ReadOutbox($"SELECT {OutboxColumns} FROM outbox WHERE message_id = $id", ("$id", id.ToString())) is [var found] ? found : null;

    public bool RecordAttempt(MessageId id, DateTimeOffset? nextAttemptAt, string? error) => Write(transaction =>
        Change(
            transaction,
            "UPDATE outbox SET attempts = attempts + 1, last_error = $error, next_attempt_at = $next WHERE message_id = $id AND next_attempt_at IS NOT NULL",
            ("$id", id.ToString()),
            ("$next", MessageRows.Nullable(nextAttemptAt)),
            ("$error", MessageRows.Nullable(error))) == 1);

    public bool RecordReceipt(Receipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var recorded = Write(transaction => RecordReceipt(transaction, receipt));
        if (recorded)
        {
            ReceiptRecorded?.Invoke(receipt.State);
        }

        return recorded;
    }

    public bool RecordDelivery(Receipt? sent, Receipt stored, string? nodeId = null)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var inserted = new List<ReceiptState>(2);
        var recorded = Write(transaction => RecordDelivery(transaction, sent, stored, nodeId, inserted));
        Announce(inserted);
        return recorded;
    }

    /// <remarks>
    /// Never commits on the caller's thread (<see cref="WriteInBackgroundAsync{T}"/>): the caller
    /// may be a connection's reader, which goes on reading while the receipts of a burst commit together.
    /// </remarks>
    public async Task<bool> RecordDeliveryAsync(Receipt? sent, Receipt stored, string? nodeId = null)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var inserted = new List<ReceiptState>(2);
        var recorded = await WriteInBackgroundAsync(transaction => RecordDelivery(transaction, sent, stored, nodeId, inserted)).ConfigureAwait(false);
        Announce(inserted);
        return recorded;
    }

    /// <remarks>
    /// What <see cref="RecordReceipt(SqliteTransaction, Receipt)"/> for sent, the attempt and
    /// RecordReceipt for stored do, with one look at the message and its receipts: five statements
    /// instead of eight (issue #13, send2: every delivered message runs this); the node id in the
    /// same UPDATE instead of a transaction of its own (<see cref="SetOutgoingNode"/>).
    /// </remarks>
    private bool RecordDelivery(SqliteTransaction transaction, Receipt? sent, Receipt stored, string? nodeId, List<ReceiptState> inserted)
    {
        inserted.Clear(); // what a rolled-back run added is not announced
        if (sent is not null && (sent.MessageId != stored.MessageId || sent.State != ReceiptState.Sent))
        {
            if (RecordReceipt(transaction, sent)) // not the usual pair: each on its own
            {
                inserted.Add(sent.State);
            }

            sent = null;
        }

        var id = stored.MessageId.ToString();
        if (Scalar(transaction, "SELECT 1 FROM outbox WHERE message_id = $id", ("$id", id)) is null)
        {
            return false; // not ours: a receipt for a message this node never sent
        }

        var reached = ReadReceipts(transaction, stored.MessageId).ConvertAll(r => r.State);
        if (sent is not null && ReceiptStateText.Records(reached, sent.State))
        {
            InsertReceipt(transaction, sent);
            reached.Add(sent.State);
            inserted.Add(sent.State);
        }

        var recorded = ReceiptStateText.Records(reached, stored.State);
        if (recorded)
        {
            InsertReceipt(transaction, stored);
            inserted.Add(stored.State);
        }

        // A waiting message: the attempt counted as a success; stored (or beyond) ends the attempts.
        // (Every SET expression reads the row as it was: https://sqlite.org/lang_update.html)
        Change(
            transaction,
            "UPDATE outbox SET attempts = attempts + (next_attempt_at IS NOT NULL), last_error = CASE WHEN next_attempt_at IS NOT NULL THEN NULL ELSE last_error END, next_attempt_at = NULL, node_id = coalesce($node, node_id) WHERE message_id = $id",
            ("$id", id),
            ("$node", MessageRows.Nullable(nodeId)));
        return recorded;
    }

    private bool RecordReceipt(SqliteTransaction transaction, Receipt receipt)
    {
        var id = receipt.MessageId.ToString();
        if (Scalar(transaction, "SELECT 1 FROM outbox WHERE message_id = $id", ("$id", id)) is null)
        {
            return false; // not ours: a receipt for a message this node never sent
        }

        if (!ReceiptStateText.Records([.. ReadReceipts(transaction, receipt.MessageId).Select(r => r.State)], receipt.State))
        {
            return false;
        }

        InsertReceipt(transaction, receipt);
        if (receipt.State >= ReceiptState.Stored)
        {
            // Stored at the receiver (or beyond), expired or failed: no more attempts.
            Change(transaction, "UPDATE outbox SET next_attempt_at = NULL WHERE message_id = $id", ("$id", id));
        }

        return true;
    }

    public IReadOnlyList<Receipt> ReceiptsFor(MessageId id)
    {
        try
        {
            using var connection = OpenReader();
            using var transaction = connection.BeginTransaction();
            return ReadReceipts(transaction, id);
        }
        catch (SqliteException ex)
        {
            Failed(ex);
            throw new StoreException($"the message store cannot be read: {Describe(ex)}", ex);
        }
    }

    public IReadOnlyList<OutgoingMessage> ExpireDue(DateTimeOffset now)
    {
        var expired = ExpireDueWrite(now);
        foreach (var _ in expired)
        {
            ReceiptRecorded?.Invoke(ReceiptState.Expired);
        }

        return expired;
    }

    private IReadOnlyList<OutgoingMessage> ExpireDueWrite(DateTimeOffset now) => Write(transaction =>
    {
        var expired = ReadOutbox(
            transaction,
            $"SELECT {OutboxColumns} FROM outbox WHERE next_attempt_at IS NOT NULL AND expires_at IS NOT NULL AND expires_at <= $now ORDER BY expires_at, message_id LIMIT $limit",
            ("$now", Timestamp(now)),
            ("$limit", _limits.ExpireBatch));
        foreach (var message in expired)
        {
            Change(transaction, "UPDATE outbox SET next_attempt_at = NULL WHERE message_id = $id", ("$id", message.Id.ToString()));
            InsertReceipt(transaction, new Receipt(message.Id, ReceiptState.Expired, now));
        }

        return (IReadOnlyList<OutgoingMessage>)[.. expired.Select(m => m with { NextAttemptAt = null })];
    });

    /// <summary>Outbox messages still waiting for an attempt (issue #15, item 6: <c>messngr_queue_depth{queue="outbox"}</c>; the partial index outbox_due).</summary>
    public long WaitingOutgoing()
    {
        try
        {
            using var connection = OpenReader();
            using var query = connection.CreateCommand();
            query.CommandText = "SELECT count(*) FROM outbox WHERE next_attempt_at IS NOT NULL";
            return (long)query.ExecuteScalar()!;
        }
        catch (SqliteException ex)
        {
            throw new StoreException($"the message store cannot be read: {Describe(ex)}", ex);
        }
    }

    public bool SetOutgoingNode(MessageId id, string nodeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        return Write(transaction => Change(
            transaction,
            "UPDATE outbox SET node_id = $node WHERE message_id = $id",
            ("$id", id.ToString()),
            ("$node", nodeId)) == 1);
    }

    public DateTimeOffset? NextOutboxEvent()
    {
        // Timestamps are ISO 8601 in UTC with a fixed width (MessageRows.Timestamp): text order is time order.
        const string Sql = "SELECT min(CASE WHEN expires_at IS NOT NULL AND expires_at < next_attempt_at THEN expires_at ELSE next_attempt_at END) FROM outbox WHERE next_attempt_at IS NOT NULL";
        try
        {
            using var connection = OpenReader();
            using var transaction = connection.BeginTransaction();
            return Scalar(transaction, Sql) is string at ? MessageRows.ParseTime(at) : null;
        }
        catch (SqliteException ex)
        {
            Failed(ex);
            throw new StoreException($"the message store cannot be read: {Describe(ex)}", ex);
        }
    }

    /// <summary>
    /// Below the bound, or made so by dropping the oldest finished messages (and their receipts);
    /// false when every message in the outbox still waits.
    /// </summary>
    private bool MakeOutboxRoom(SqliteTransaction transaction)
    {
        var count = _outboxCount ??= (long)Scalar(transaction, "SELECT count(*) FROM outbox")!;
        var excess = count - _limits.MaxOutbox + 1;
        if (excess <= 0)
        {
            return true;
        }

        const string Oldest = "SELECT message_id FROM outbox WHERE next_attempt_at IS NULL ORDER BY message_id LIMIT $excess";
        Change(transaction, $"DELETE FROM receipts WHERE message_id IN ({Oldest})", ("$excess", excess));
        var dropped = Change(transaction, $"DELETE FROM outbox WHERE message_id IN ({Oldest})", ("$excess", excess));
        _outboxCount = count - dropped;
        return dropped == excess;
    }

    private List<Receipt> ReadReceipts(SqliteTransaction transaction, MessageId id)
    {
        var command = Rent(transaction, "SELECT state, at, detail FROM receipts WHERE message_id = $id", [("$id", id.ToString())]);
        var result = new List<Receipt>();
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (ReceiptStateText.TryParse(reader.GetString(0), out var state))
                {
                    result.Add(new Receipt(id, state, MessageRows.ParseTime(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2)));
                }
            }
        }
        finally
        {
            Return(command);
        }

        result.Sort((a, b) => a.State.CompareTo(b.State));
        return result;
    }

    private void InsertReceipt(SqliteTransaction transaction, Receipt receipt) => Change(
        transaction,
        "INSERT OR IGNORE INTO receipts (message_id, state, at, detail) VALUES ($id, $state, $at, $detail)",
        ("$id", receipt.MessageId.ToString()),
        ("$state", ReceiptStateText.Format(receipt.State)),
        ("$at", Timestamp(receipt.At)),
        ("$detail", MessageRows.Nullable(receipt.Detail)));

    private List<OutgoingMessage> ReadOutbox(string sql, params (string Name, object Value)[] parameters)
    {
        try
        {
            using var connection = OpenReader();
            using var transaction = connection.BeginTransaction();
            return ReadOutbox(transaction, sql, parameters);
        }
        catch (SqliteException ex)
        {
            Failed(ex);
            throw new StoreException($"the message store cannot be read: {Describe(ex)}", ex);
        }
    }

    private static List<OutgoingMessage> ReadOutbox(SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Prepare(transaction, sql, parameters);
        var result = new List<OutgoingMessage>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (!MessageId.TryParse(reader.GetString(0), out var id, out _))
            {
                continue;
            }

            result.Add(new OutgoingMessage(id, reader.GetString(1), reader.GetString(3), (uint)reader.GetInt64(4), reader.GetString(5), MessageRows.ParseTime(reader.GetString(7)))
            {
                NodeId = reader.IsDBNull(2) ? null : reader.GetString(2),
                Priority = PriorityText.TryParse(reader.GetString(6), out var priority) ? priority : Priority.Normal,
                ExpiresAt = reader.IsDBNull(8) ? null : MessageRows.ParseTime(reader.GetString(8)),
                CorrelationKey = reader.IsDBNull(9) ? null : reader.GetString(9),
                ReplyTo = MessageRows.OptionalId(reader, 10),
                NextAttemptAt = reader.IsDBNull(11) ? null : MessageRows.ParseTime(reader.GetString(11)),
                Attempts = reader.GetInt32(12),
                LastError = reader.IsDBNull(13) ? null : reader.GetString(13),
                Sealed = reader.GetInt64(14) != 0,
            });
        }

        return result;
    }

    private object? Scalar(SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = Rent(transaction, sql, parameters);
        try
        {
            return command.ExecuteScalar();
        }
        finally
        {
            Return(command);
        }
    }

    private int Change(SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = Rent(transaction, sql, parameters);
        try
        {
            return command.ExecuteNonQuery();
        }
        finally
        {
            Return(command);
        }
    }

    /// <summary>
    /// On the writer connection (under the writer lock), the statement prepared the first time
    /// and kept: an outbox write runs ~10 small statements, and preparing each anew was much of
    /// the sender's CPU per message (issue #13, perf). Elsewhere a fresh command (dispose with <see cref="Return"/>).
    /// </summary>
    private SqliteCommand Rent(SqliteTransaction transaction, string sql, (string Name, object Value)[] parameters)
    {
        if (!ReferenceEquals(transaction.Connection, _writer))
        {
            return Prepare(transaction, sql, parameters);
        }

        if (!_writerStatements.TryGetValue(sql, out var command) || command.Parameters.Count != parameters.Length)
        {
            command?.Dispose();
            command = Prepare(transaction, sql, parameters);
            _writerStatements[sql] = command;
            return command;
        }

        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters[name].Value = value;
        }

        return command;
    }

    private void Return(SqliteCommand command)
    {
        if (!ReferenceEquals(command.Connection, _writer))
        {
            command.Dispose();
        }
    }

    private static SqliteCommand Prepare(SqliteTransaction transaction, string sql, (string Name, object Value)[] parameters)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
