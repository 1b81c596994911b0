using System.Globalization;
using System.Net;
using Messngr.Daemon.Core;
using Microsoft.Data.Sqlite;

namespace Messngr.Daemon.Store;

/// <summary>The messages table's columns as <see cref="SqliteMessageStore"/> selects them, and one row back into the model.</summary>
internal static class MessageRows
{
    public const string Columns = "id, sender, recipient, text, transport, authenticated, source_address, source_port, received_at, owner_uid, "
        + "message_id, sender_node, sender_user, priority, expires_at, correlation_key, reply_to, superseded_by, "
        + "sealed, displayed_at, read_at";

    /// <summary>The row at the reader's position, selected with <see cref="Columns"/>.</summary>
    public static StoredMessage Read(SqliteDataReader reader)
    {
        var id = reader.GetInt64(0);
        var ownerUid = reader.GetInt64(9);
        var message = new ReceivedMessage(
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            ParseTransport(reader.GetString(4)),
            new IPEndPoint(IPAddress.TryParse(reader.GetString(6), out var a) ? a : IPAddress.None, reader.GetInt32(7)),
            ParseTime(reader.GetString(8)),
            reader.GetInt64(5) != 0)
        {
            Id = id,
            OwnerUid = ownerUid == StoreSchema.Everyone ? null : (uint)ownerUid,
            MessageId = OptionalId(reader, 10) ?? default, // every row has one since schema 2
            Priority = PriorityText.TryParse(reader.GetString(13), out var priority) ? priority : Priority.Normal,
            ExpiresAt = reader.IsDBNull(14) ? null : ParseTime(reader.GetString(14)),
            CorrelationKey = reader.IsDBNull(15) || CorrelationKey.Problem(reader.GetString(15)) is not null ? null : reader.GetString(15),
            ReplyTo = OptionalId(reader, 16),
            SupersededBy = OptionalId(reader, 17),
            Sealed = reader.GetInt64(18) != 0,
            DisplayedAt = reader.IsDBNull(19) ? null : ParseTime(reader.GetString(19)),
            ReadAt = reader.IsDBNull(20) ? null : ParseTime(reader.GetString(20)),
        };
        if (!reader.IsDBNull(11) && !reader.IsDBNull(12))
        {
            message = message with { Sender = new SenderIdentity.Native(reader.GetString(11), reader.GetString(12)) };
        }

        return new StoredMessage(id, message);
    }

    public static MessageId? OptionalId(SqliteDataReader reader, int ordinal) =>
        !reader.IsDBNull(ordinal) && MessageId.TryParse(reader.GetString(ordinal), out var id, out _) ? id : null;

    public static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    // ISO 8601 in UTC with a fixed width: text order is time order (the retention cutoff and the outbox's due times compare text).
    public static string Timestamp(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static object Nullable(DateTimeOffset? at) => at is { } value ? Timestamp(value) : DBNull.Value;

    public static object Nullable(MessageId? id) => id is { } value ? value.ToString() : DBNull.Value;

    public static object Nullable(string? text) => text is null ? DBNull.Value : text;

    private static MessageTransport ParseTransport(string name) => name switch
    {
        "smb" => MessageTransport.Smb,
        "mailslot" => MessageTransport.Mailslot,
        "rpc" => MessageTransport.Rpc,
        "local" => MessageTransport.Local,
        _ => MessageTransport.Native,
    };
}
