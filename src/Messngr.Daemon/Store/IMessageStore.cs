using Messngr.Daemon.Core;

namespace Messngr.Daemon.Store;

/// <summary>A name added with <c>messngr name NAME /add</c>, kept across restarts.</summary>
internal sealed record AliasRecord(string Name, uint? OwnerUid, DateTimeOffset AddedAt);

/// <summary>
/// Durable state of the daemon (architecture.md: SQLite, WAL). Called from one writer task for
/// commits; reads may come from any thread.
/// </summary>
internal interface IMessageStore : IDisposable
{
    /// <summary>Commits the batch in one transaction and returns the ids in order; returns only once the data is durable.</summary>
    IReadOnlyList<long> Commit(IReadOnlyList<ReceivedMessage> batch);

    /// <summary>
    /// Newest first, at most <paramref name="limit"/>: all (<paramref name="readerUid"/> null, root),
    /// or those a user may read — owned by them when they arrived, or for everyone. Filtered and
    /// limited by the database, with an index.
    /// </summary>
    IReadOnlyList<StoredMessage> History(int limit, uint? readerUid = null);

    /// <summary>
    /// One bounded retention step: deletes at most <see cref="DaemonLimits.RetentionBatch"/> of the
    /// oldest messages beyond the newest <paramref name="maxMessages"/> or older than
    /// <paramref name="maxAge"/> (0 = no such bound) and returns how many.
    /// </summary>
    int Prune(DateTimeOffset now, int maxMessages, TimeSpan maxAge);

    /// <summary>Ok, or failing and why (disk full, corrupt) since the last failed commit or read.</summary>
    StoreHealth Health { get; }

    IReadOnlyList<AliasRecord> LoadAliases();

    void SaveAlias(AliasRecord alias);

    void DeleteAlias(string name);
}
