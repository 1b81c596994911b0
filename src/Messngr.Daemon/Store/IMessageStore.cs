using Messngr.Daemon.Messages;
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

    /// <summary>Newest first, at most <paramref name="limit"/>, optionally only those <paramref name="visible"/> lets through.</summary>
    IReadOnlyList<StoredMessage> History(int limit, Func<ReceivedMessage, bool>? visible = null);

    IReadOnlyList<AliasRecord> LoadAliases();

    void SaveAlias(AliasRecord alias);

    void DeleteAlias(string name);
}
