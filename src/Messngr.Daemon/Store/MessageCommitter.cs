using Messngr.Daemon.Core;
using Microsoft.Data.Sqlite;

namespace Messngr.Daemon.Store;

/// <summary>
/// Writes received messages inside one commit transaction (issue #13, items 1 and 7):
/// <list type="bullet">
/// <item>Deduplication (docs/native-protocol.md §11): a message whose (sending node,
/// <see cref="MessageId"/>) is already stored writes nothing and answers the earlier row's id as a
/// duplicate — also within one batch. Classic messages have no node: their id alone is the key.
/// Another node's message with the same id is a different message and is stored.</item>
/// <item>Correlation: among messages with the same correlation key, the same verified sender
/// (node and user) and the same recipient and owner, only the newest by message id is current;
/// every other row names the one that replaced it in <c>superseded_by</c> and history hides it
/// unless asked for all. Both rows are kept. Classic senders are unverified and never supersede
/// anything: a forged name must not hide another sender's message.</item>
/// </list>
/// Each group has at most one current row (found through the partial index
/// messages_by_correlation), so a commit touches at most one other row.
/// </summary>
/// <remarks>
/// One committer lives as long as the store's writer connection: its INSERT is compiled once (not
/// once per commit) and its parameters are bound by position; <see cref="Begin"/> hands it each
/// commit's transaction (issue #13, receiver speed).
/// </remarks>
internal sealed class MessageCommitter : IDisposable
{
    private static readonly string[] InsertParameters =
        ["$from", "$to", "$text", "$transport", "$authenticated", "$address", "$port", "$at", "$owner", "$mid", "$node", "$user", "$priority", "$expires", "$key", "$replyTo", "$sealed"];

    private readonly SqliteConnection _connection;
    private SqliteTransaction? _transaction;

    /// <summary>Prepared once: every commit of many messages reuses the compiled statement.</summary>
    private readonly SqliteCommand _insert;

    /// <summary>The INSERT's parameters in <see cref="InsertParameters"/> order: bound by index, not looked up by name per message.</summary>
    private readonly SqliteParameter[] _values;

    public MessageCommitter(SqliteConnection connection)
    {
        _connection = connection;
        _insert = connection.CreateCommand();
        _insert.CommandText = """
            INSERT OR IGNORE INTO messages (sender, recipient, text, transport, authenticated, source_address, source_port, received_at, owner_uid,
                message_id, sender_node, sender_user, priority, expires_at, correlation_key, reply_to, sealed)
            VALUES ($from, $to, $text, $transport, $authenticated, $address, $port, $at, $owner,
                $mid, $node, $user, $priority, $expires, $key, $replyTo, $sealed) RETURNING id
            """;
        _values = new SqliteParameter[InsertParameters.Length];
        for (var i = 0; i < InsertParameters.Length; i++)
        {
            _values[i] = _insert.Parameters.Add(new SqliteParameter { ParameterName = InsertParameters[i] });
        }
    }

    public void Dispose() => _insert.Dispose();

    /// <summary>The transaction the next <see cref="Insert"/> calls write in (the writer connection's current one).</summary>
    public void Begin(SqliteTransaction transaction)
    {
        _transaction = transaction;
        _insert.Transaction = transaction;
    }

    public CommitResult Insert(ReceivedMessage m)
    {
        var messageId = m.MessageId.ToString();
        var native = m.Sender as SenderIdentity.Native;
        var owner = m.OwnerUid is { } uid ? (long)uid : StoreSchema.Everyone;
        var v = _values;
        v[0].Value = m.From;
        v[1].Value = m.To;
        v[2].Value = m.Text;
        v[3].Value = SqliteMessageStore.TransportName(m.Transport);
        v[4].Value = m.Verified ? 1 : 0;
        v[5].Value = m.Source.Address.ToString();
        v[6].Value = m.Source.Port;
        v[7].Value = MessageRows.Timestamp(m.ReceivedAt);
        v[8].Value = owner;
        v[9].Value = messageId;
        v[10].Value = MessageRows.Nullable(native?.NodeId);
        v[11].Value = MessageRows.Nullable(native?.User);
        v[12].Value = PriorityText.Format(m.Priority);
        v[13].Value = MessageRows.Nullable(m.ExpiresAt);
        v[14].Value = MessageRows.Nullable(m.CorrelationKey);
        v[15].Value = MessageRows.Nullable(m.ReplyTo);
        v[16].Value = m.Sealed ? 1 : 0;
        if (_insert.ExecuteScalar() is long id)
        {
            if (m.CorrelationKey is { } key && native is not null)
            {
                Correlate(id, messageId, key, m.To, owner, native);
            }

            return new CommitResult(id, Duplicate: false);
        }

        // The same key as the unique index messages_by_sender_message_id (StoreSchema, version 3).
        using var existing = Command("SELECT id FROM messages WHERE message_id = $mid AND ifnull(sender_node, '') = $node");
        existing.Parameters.AddWithValue("$mid", messageId);
        existing.Parameters.AddWithValue("$node", native?.NodeId ?? string.Empty);
        return new CommitResult((long)existing.ExecuteScalar()!, Duplicate: true);
    }

    /// <summary>Keeps one current row in the new row's correlation group: the one with the greatest message id.</summary>
    private void Correlate(long id, string messageId, string key, string recipient, long owner, SenderIdentity.Native sender)
    {
        long headId;
        string headMessageId;
        using (var head = Command("""
            SELECT id, message_id FROM messages
            WHERE correlation_key = $key AND recipient = $to AND owner_uid = $owner AND sender_node = $node AND sender_user = $user
              AND superseded_by IS NULL AND id <> $id
            LIMIT 1
            """))
        {
            head.Parameters.AddWithValue("$key", key);
            head.Parameters.AddWithValue("$to", recipient);
            head.Parameters.AddWithValue("$owner", owner);
            head.Parameters.AddWithValue("$node", sender.NodeId);
            head.Parameters.AddWithValue("$user", sender.User);
            head.Parameters.AddWithValue("$id", id);
            using var reader = head.ExecuteReader();
            if (!reader.Read())
            {
                return;
            }

            (headId, headMessageId) = (reader.GetInt64(0), reader.GetString(1));
        }

        // Message ids are time-ordered (text order is id order): a late arrival of an older
        // message does not replace the newer one; it is superseded by it at once.
        var newer = string.CompareOrdinal(messageId, headMessageId) > 0;
        using var update = Command("UPDATE messages SET superseded_by = $by WHERE id = $id");
        update.Parameters.AddWithValue("$by", newer ? messageId : headMessageId);
        update.Parameters.AddWithValue("$id", newer ? headId : id);
        update.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }
}
