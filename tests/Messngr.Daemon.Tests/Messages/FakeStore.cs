using Messngr.Daemon.Store;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Messages;

/// <summary>An in-memory store whose commits can be held (a hung disk) with <see cref="Hold"/>.</summary>
internal sealed class FakeStore : IMessageStore
{
    private readonly ManualResetEventSlim _open = new(true);
    private readonly Dictionary<MessageId, long> _stored = [];
    private readonly List<int> _batches = [];
    private long _nextId;

    /// <summary>Set when a commit is waiting at the hold.</summary>
    public ManualResetEventSlim Entered { get; } = new(false);

    /// <summary>The size of every commit (transaction) in order, counted as it begins.</summary>
    public IReadOnlyList<int> Batches
    {
        get
        {
            lock (_batches)
            {
                return [.. _batches];
            }
        }
    }

    public void Hold() => _open.Reset();

    public void Release() => _open.Set();

    /// <summary>Ids as the store gives them; a message id seen before answers its first id, marked duplicate.</summary>
    public IReadOnlyList<CommitResult> Commit(IReadOnlyList<ReceivedMessage> batch)
    {
        lock (_batches)
        {
            _batches.Add(batch.Count);
        }

        Entered.Set();
        _open.Wait();
        lock (_stored)
        {
            return [.. batch.Select(m => _stored.TryGetValue(m.MessageId, out var id)
                ? new CommitResult(id, Duplicate: true)
                : new CommitResult(_stored[m.MessageId] = Interlocked.Increment(ref _nextId), Duplicate: false))];
        }
    }

    public IReadOnlyList<StoredMessage> History(int limit, uint? readerUid = null, bool includeSuperseded = false) => [];

    public int Prune(DateTimeOffset now, int maxMessages, TimeSpan maxAge) => 0;

    public StoreHealth Health => StoreHealth.Healthy;

    public IReadOnlyList<AliasRecord> LoadAliases() => [];

    public void SaveAlias(AliasRecord alias)
    {
    }

    public void DeleteAlias(string name)
    {
    }

    public EnqueueOutcome EnqueueOutgoing(OutgoingMessage message) => throw new NotSupportedException(NoOutbox);

    public IReadOnlyList<OutgoingMessage> DueOutgoing(DateTimeOffset now, int limit) => throw new NotSupportedException(NoOutbox);

    public OutgoingMessage? FindOutgoing(MessageId id) => throw new NotSupportedException(NoOutbox);

    public bool RecordAttempt(MessageId id, DateTimeOffset? nextAttemptAt, string? error) => throw new NotSupportedException(NoOutbox);

    public bool RecordReceipt(Receipt receipt) => throw new NotSupportedException(NoOutbox);

    public bool RecordDelivery(Receipt? sent, Receipt stored, string? nodeId = null) => throw new NotSupportedException(NoOutbox);

    public IReadOnlyList<Receipt> ReceiptsFor(MessageId id) => throw new NotSupportedException(NoOutbox);

    public IReadOnlyList<OutgoingMessage> ExpireDue(DateTimeOffset now) => throw new NotSupportedException(NoOutbox);

    public bool SetOutgoingNode(MessageId id, string nodeId) => throw new NotSupportedException(NoOutbox);

    public DateTimeOffset? NextOutboxEvent() => throw new NotSupportedException(NoOutbox);

    public int CountWaiting(uint uid) => throw new NotSupportedException(NoOutbox);

    public IReadOnlyList<OutgoingMessage> SentMessages(uint? uid, int limit) => throw new NotSupportedException(NoOutbox);

    private const string NoOutbox = "the pipeline's fake store has no outbox: SqliteMessageStoreTests and OutboxTests test it";

    public void Dispose()
    {
        _open.Dispose();
        Entered.Dispose();
    }
}
