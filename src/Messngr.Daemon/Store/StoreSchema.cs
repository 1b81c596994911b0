using System.Globalization;
using Messngr.Daemon.Core;
using Microsoft.Data.Sqlite;

namespace Messngr.Daemon.Store;

/// <summary>
/// The database layout and its upgrades, numbered by <c>PRAGMA user_version</c>
/// (https://sqlite.org/pragma.html#pragma_user_version). Each step runs in one transaction, so a
/// crash leaves the database at the previous version. Version 0 is the layout before issue #10:
/// a new database is created at version 0 and upgraded like an old one, so both take one path.
/// </summary>
internal static class StoreSchema
{
    public const int CurrentVersion = 3;

    /// <summary><see cref="ReceivedMessage.OwnerUid"/> null (everyone logged on) as stored.</summary>
    public const long Everyone = -1;

    /// <summary>The layout of version 0 (before the owner column); also what tests build an old database with.</summary>
    public const string Version0 = """
        CREATE TABLE IF NOT EXISTS messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sender TEXT NOT NULL,
            recipient TEXT NOT NULL,
            text TEXT NOT NULL,
            transport TEXT NOT NULL,
            authenticated INTEGER NOT NULL,
            source_address TEXT NOT NULL,
            source_port INTEGER NOT NULL,
            received_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS aliases (
            name TEXT PRIMARY KEY,
            owner_uid INTEGER,
            added_at TEXT NOT NULL);
        """;

    /// <summary>
    /// 0 → 1: who may read each message (its name's owner when it arrived; -1 everyone) and the
    /// index that lets history answer a user with a bounded range scan. Messages stored before
    /// have no known owner: they become root's only (a name may have changed hands since).
    /// </summary>
    private const string Version1 = """
        ALTER TABLE messages ADD COLUMN owner_uid INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX IF NOT EXISTS messages_by_owner ON messages (owner_uid, id);
        """;

    /// <summary>
    /// 1 → 2 (issue #13, item 1): the message model — a UUIDv7 message id per message (unique:
    /// receivers deduplicate by it), the verified sender's node and user (null for classic),
    /// priority, expiry, correlation key, reply-to and superseded_by (the message id of the later
    /// message with the same correlation key that replaced this one in history); and the sender's
    /// outbox and receipts (one row per state reached). Existing rows get ids made from their
    /// received_at in rowid order (<see cref="NumberMessages"/>) and priority normal.
    /// </summary>
    private const string Version2 = """
        ALTER TABLE messages ADD COLUMN message_id TEXT;
        ALTER TABLE messages ADD COLUMN sender_node TEXT;
        ALTER TABLE messages ADD COLUMN sender_user TEXT;
        ALTER TABLE messages ADD COLUMN priority TEXT NOT NULL DEFAULT 'normal';
        ALTER TABLE messages ADD COLUMN expires_at TEXT;
        ALTER TABLE messages ADD COLUMN correlation_key TEXT;
        ALTER TABLE messages ADD COLUMN reply_to TEXT;
        ALTER TABLE messages ADD COLUMN superseded_by TEXT;
        CREATE TABLE outbox (
            message_id TEXT PRIMARY KEY NOT NULL,
            recipient TEXT NOT NULL,
            node_id TEXT,
            from_user TEXT NOT NULL,
            from_uid INTEGER NOT NULL,
            text TEXT NOT NULL,
            priority TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT,
            correlation_key TEXT,
            reply_to TEXT,
            next_attempt_at TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT);
        CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
        CREATE TABLE receipts (
            message_id TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'stored', 'displayed', 'read', 'expired', 'failed')),
            at TEXT NOT NULL,
            detail TEXT,
            PRIMARY KEY (message_id, state)) WITHOUT ROWID;
        """;

    /// <summary>Made once the ids are filled in: unique ids, and the current head of each correlation group.</summary>
    private const string Version2Indexes = """
        CREATE UNIQUE INDEX messages_by_message_id ON messages (message_id);
        CREATE INDEX messages_by_correlation ON messages (correlation_key, recipient, owner_uid, sender_node, sender_user)
            WHERE correlation_key IS NOT NULL AND superseded_by IS NULL;
        """;

    /// <summary>
    /// 2 → 3 (issue #13, item 6; docs/native-protocol.md §11): receivers deduplicate by (the sending
    /// node, message id) — the unique index keys the node too (classic messages have none: ''), so
    /// one node cannot suppress another's message by sending its id first; each message keeps
    /// whether it is sealed (and the outbox whether a message waiting there is) and when a sink displayed it and its user read it; and the receiver's
    /// durable queue of displayed/read RECEIPTs still to be ACKed by the sender's node
    /// (<see cref="SqliteMessageStore"/>, SqliteMessageStore.Receipts.cs), with the address the
    /// message came from and when to give up.
    /// </summary>
    private const string Version3 = """
        ALTER TABLE messages ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE messages ADD COLUMN displayed_at TEXT;
        ALTER TABLE messages ADD COLUMN read_at TEXT;
        ALTER TABLE outbox ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
        DROP INDEX messages_by_message_id;
        CREATE UNIQUE INDEX messages_by_sender_message_id ON messages (message_id, ifnull(sender_node, ''));
        CREATE TABLE receipts_out (
            message_id TEXT NOT NULL,
            sender_node TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('displayed', 'read')),
            at TEXT NOT NULL,
            address TEXT NOT NULL,
            give_up_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            last_error TEXT,
            PRIMARY KEY (sender_node, message_id, state));
        CREATE INDEX receipts_out_due ON receipts_out (next_attempt_at);
        """;

    private static readonly Action<SqliteConnection, SqliteTransaction>[] Steps =
    [
        (connection, transaction) => Run(connection, Version1, transaction),
        (connection, transaction) =>
        {
            Run(connection, Version2, transaction);
            NumberMessages(connection, transaction);
            Run(connection, Version2Indexes, transaction);
        },
        (connection, transaction) => Run(connection, Version3, transaction),
    ];

    /// <summary>Brings the database to <see cref="CurrentVersion"/>; refuses one written by a newer messngr.</summary>
    public static void Upgrade(SqliteConnection connection, string path) => Upgrade(connection, path, CurrentVersion);

    /// <summary>Brings the database to <paramref name="target"/> (tests build an older layout with it).</summary>
    internal static void Upgrade(SqliteConnection connection, string path, int target)
    {
        var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
        if (version > CurrentVersion)
        {
            throw new StoreException($"the message store {path} has schema version {version}, newer than this messngr understands ({CurrentVersion}); run the newer messngr or move the file aside");
        }

        if (version == 0)
        {
            Run(connection, Version0);
        }

        for (var v = version; v < target; v++)
        {
            using var transaction = connection.BeginTransaction();
            Steps[v](connection, transaction);
            Run(connection, $"PRAGMA user_version = {v + 1}", transaction);
            transaction.Commit();
        }
    }

    /// <summary>
    /// Gives every message without one a UUIDv7 stamped with its received_at, oldest row first from
    /// one monotonic generator: the ids grow in rowid order (history's order) even where the clock
    /// stepped back between two messages.
    /// </summary>
    private static void NumberMessages(SqliteConnection connection, SqliteTransaction transaction)
    {
        var generator = new MessageIdGenerator();
        var rows = new List<(long Id, string MessageId)>();
        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT id, received_at FROM messages WHERE message_id IS NULL ORDER BY id";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                var at = DateTimeOffset.TryParse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : DateTimeOffset.UnixEpoch;
                rows.Add((reader.GetInt64(0), generator.Next(at).ToString()));
            }
        }

        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE messages SET message_id = $mid WHERE id = $id";
        var mid = update.Parameters.Add("$mid", SqliteType.Text);
        var id = update.Parameters.Add("$id", SqliteType.Integer);
        foreach (var row in rows)
        {
            mid.Value = row.MessageId;
            id.Value = row.Id;
            update.ExecuteNonQuery();
        }
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Run(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
