using Messngr.Daemon.Store;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Messages;

/// <summary>An in-memory store whose commits can be held (a hung disk) with <see cref="Hold"/>.</summary>
internal sealed class FakeStore : IMessageStore
{
    private readonly ManualResetEventSlim _open = new(true);
    private long _nextId;

    /// <summary>Set when a commit is waiting at the hold.</summary>
    public ManualResetEventSlim Entered { get; } = new(false);

    public void Hold() => _open.Reset();

    public void Release() => _open.Set();

    public IReadOnlyList<long> Commit(IReadOnlyList<ReceivedMessage> batch)
    {
        Entered.Set();
        _open.Wait();
        return [.. batch.Select(_ => Interlocked.Increment(ref _nextId))];
    }

    public IReadOnlyList<StoredMessage> History(int limit, uint? readerUid = null) => [];

    public int Prune(DateTimeOffset now, int maxMessages, TimeSpan maxAge) => 0;

    public StoreHealth Health => StoreHealth.Healthy;

    public IReadOnlyList<AliasRecord> LoadAliases() => [];

    public void SaveAlias(AliasRecord alias)
    {
    }

    public void DeleteAlias(string name)
    {
    }

    public void Dispose()
    {
        _open.Dispose();
        Entered.Dispose();
    }
}
