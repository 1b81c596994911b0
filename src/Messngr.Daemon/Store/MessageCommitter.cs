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
internal sealed class MessageCommitter : IDisposable
{
    private static readonly string[] InsertParameters =
        ["$from", "$to", "$text", "$transport", "$authenticated", "$address", "$port", "$at", "$owner", "$mid", "$node", "$user", "$priority", "$expires", "$key", "$replyTo", "$sealed"];

    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;

    /// <summary>Prepared once per batch: a group commit of many messages compiles it once.</summary>
    private readonly SqliteCommand _insert;

    public MessageCommitter(SqliteConnection connection, SqliteTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
        _insert = Command("""
            INSERT OR IGNORE INTO messages (sender, recipient, text, transport, authenticated, source_address, source_port, received_at, owner_uid,
                message_id, sender_node, sender_user, priority, expires_at, correlation_key, reply_to, sealed)
            VALUES ($from, $to, $text, $transport, $authenticated, $address, $port, $at, $owner,
                $mid, $node, $user, $priority, $expires, $key, $replyTo, $sealed) RETURNING id
            """);
        foreach (var name in InsertParameters)
        {
            _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
    }

    public void Dispose() => _insert.Dispose();

    public CommitResult Insert(ReceivedMessage m)
    {
        var messageId = m.MessageId.ToString();
        var native = m.Sender as SenderIdentity.Native;
        var owner = m.OwnerUid is { } uid ? (long)uid : StoreSchema.Everyone;
        var insert = _insert;
        insert.Parameters["$from"].Value = m.From;
        insert.Parameters["$to"].Value = m.To;
        insert.Parameters["$text"].Value = m.Text;
        insert.Parameters["$transport"].Value = SqliteMessageStore.TransportName(m.Transport);
        insert.Parameters["$authenticated"].Value = m.Verified ? 1 : 0;
        insert.Parameters["$address"].Value = m.Source.Address.ToString();
        insert.Parameters["$port"].Value = m.Source.Port;
        insert.Parameters["$at"].Value = MessageRows.Timestamp(m.ReceivedAt);
        insert.Parameters["$owner"].Value = owner;
        insert.Parameters["$mid"].Value = messageId;
        insert.Parameters["$node"].Value = MessageRows.Nullable(native?.NodeId);
        insert.Parameters["$user"].Value = MessageRows.Nullable(native?.User);
        insert.Parameters["$priority"].Value = PriorityText.Format(m.Priority);
        insert.Parameters["$expires"].Value = MessageRows.Nullable(m.ExpiresAt);
        insert.Parameters["$key"].Value = MessageRows.Nullable(m.CorrelationKey);
        insert.Parameters["$replyTo"].Value = MessageRows.Nullable(m.ReplyTo);
        insert.Parameters["$sealed"].Value = m.Sealed ? 1 : 0;
        if (insert.ExecuteScalar() is long id)
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
