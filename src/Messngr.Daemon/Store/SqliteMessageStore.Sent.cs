using Messngr.Daemon.Core;

namespace Messngr.Daemon.Store;

/// <summary>
/// What a local user sent natively (issue #13, item 8): the per-uid count of waiting messages that
/// <c>POST /v1/send</c> caps (<see cref="DaemonLimits.MaxWaitingPerUser"/>), and the listing of
/// <c>GET /v1/sent</c> / <c>messngr sent</c>. Reads only; the outbox is written in
/// <c>SqliteMessageStore.Outbox.cs</c>.
/// </summary>
internal sealed partial class SqliteMessageStore
{
    public int CountWaiting(uint uid)
    {
        try
        {
            using var connection = OpenReader();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM outbox WHERE from_uid = $uid AND next_attempt_at IS NOT NULL";
            command.Parameters.AddWithValue("$uid", (long)uid);
            return (int)(long)command.ExecuteScalar()!;
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            Failed(ex);
            throw new StoreException($"the message store cannot be read: {Describe(ex)}", ex);
        }
    }

    // Message ids are UUIDv7 (time-ordered, docs/native-protocol.md §5.3): ordering by id is newest first.
    public IReadOnlyList<OutgoingMessage> SentMessages(uint? uid, int limit) => uid is { } owner
        ? ReadOutbox($"SELECT {OutboxColumns} FROM outbox WHERE from_uid = $uid ORDER BY message_id DESC LIMIT $limit", ("$uid", (long)owner), ("$limit", Math.Clamp(limit, 0, _limits.MaxOutbox)))
        : ReadOutbox($"SELECT {OutboxColumns} FROM outbox ORDER BY message_id DESC LIMIT $limit", ("$limit", Math.Clamp(limit, 0, _limits.MaxOutbox)));
}
