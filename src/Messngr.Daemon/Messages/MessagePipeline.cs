using System.Threading.Channels;
using Messngr.Daemon.Listeners;
using Messngr.Daemon.Store;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Messages;

/// <summary>
/// Listeners → store → sinks (architecture.md data flow). Listeners offer messages to a bounded
/// queue (style.md); whoever holds the commit lock commits whatever is waiting in a single
/// transaction (group commit) and only then tells each listener, through its callback, that the
/// message is durable — the moment a sender may be told "accepted" (issue: "committed … before
/// the sender is told"). The lock is taken by the writer task, or — when nobody is committing —
/// by a session awaiting <see cref="PublishAsync"/> itself, which then commits on its own thread:
/// no hand-off to the writer and back for a lone sender (issue #6, SMB delivery). A flood fills
/// the queue and is refused and counted; memory never grows past <see cref="DaemonLimits.PipelineCapacity"/> pending messages.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification =
    "The commit lock is a SemaphoreSlim whose wait handle is never asked for: it holds nothing to release, and the pipeline lives as long as the daemon.")]
internal sealed class MessagePipeline
{
    /// <summary>The counter of committed messages the dispatcher was too far behind to take: <c>droppedSink.dispatch</c>.</summary>
    public const string DispatchSinkName = "dispatch";

    private readonly Channel<Pending> _incoming;
    private readonly Channel<StoredMessage> _committed;
    private readonly int _maxBatch;

    private readonly ListenerCounters _counters;
    private readonly IMessageStore _store;
    private readonly Func<string, uint?>? _ownerOf;

    /// <summary>Held while a batch is drained, committed and announced; guards the two lists below.</summary>
    private readonly SemaphoreSlim _commitLock = new(1, 1);
    private readonly List<Pending> _batch;
    private readonly List<ReceivedMessage> _messages;

    /// <summary>Owners asked for in the batch being committed, by recipient: one lookup per name and batch.</summary>
    private readonly Dictionary<string, uint?> _owners = new(StringComparer.Ordinal);
    private volatile bool _completed;

    /// <param name="counters">Accepted, dropped and store failures are counted here.</param>
    /// <param name="store">Where each batch is committed.</param>
    /// <param name="ownerOf">
    /// Who may read a message to a name, asked at commit time (the name's owner when it arrived,
    /// null = everyone); without it messages stay root's only.
    /// </param>
    /// <param name="limits">Queue capacity and batch size (<see cref="DaemonLimits.Default"/> when null).</param>
    public MessagePipeline(ListenerCounters counters, IMessageStore store, Func<string, uint?>? ownerOf = null, DaemonLimits? limits = null)
    {
        limits ??= DaemonLimits.Default;
        _incoming = Channel.CreateBounded<Pending>(
            new BoundedChannelOptions(limits.PipelineCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = false });
        _committed = Channel.CreateBounded<StoredMessage>(
            new BoundedChannelOptions(limits.PipelineCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = false });
        _maxBatch = limits.MaxCommitBatch;
        _batch = new(_maxBatch);
        _messages = new(_maxBatch);
        _counters = counters;
        _store = store;
        _ownerOf = ownerOf;
    }

    /// <summary>
    /// How long <see cref="PublishAsync"/> waits for another committer (the writer or a session
    /// holding the commit lock) before it gives up with null, which the session answers with
    /// ERRnoroom (issue #10, item 8: a session awaiting its commit has a deadline).
    /// </summary>
    public TimeSpan CommitDeadline { get; init; } = DaemonLimits.Default.SessionCommitDeadline;

    /// <summary>
    /// When set, each committed message is handed to it on the committing thread, in order, instead
    /// of to <see cref="ReadCommittedAsync"/>: the daemon's dispatcher, which only offers to bounded
    /// queues and never blocks, so nothing between the commit and the sinks' queues can fill up or
    /// lag behind on a busy thread pool (issue #10, item 8). It must not block or throw.
    /// </summary>
    public Action<StoredMessage>? OnCommitted { get; init; }

    /// <summary>Counts each message committed for the first time, by transport, with its arrival-to-commit time (issue #15, item 6).</summary>
    public Metrics.DaemonMetrics? Metrics { get; init; }

    /// <summary>Messages queued for the next commit (tests: wait until sessions queued theirs).</summary>
    internal int Queued => _incoming.Reader.Count;

    private sealed record Pending(ReceivedMessage Message, Action<StoredMessage?>? Committed);

    /// <summary>
    /// Offers a message; false (and counted) when the queue is full. <paramref name="committed"/>
    /// runs on the committing thread after the commit (with null if the store failed); keep it short.
    /// </summary>
    public bool TryPublish(ReceivedMessage message, Action<StoredMessage?>? committed = null)
    {
        if (_incoming.Writer.TryWrite(new Pending(message, committed)))
        {
            return true;
        }

        _counters.CountDropped();
        return false;
    }

    /// <summary>
    /// Completes with the stored message once durable (<see cref="StoredMessage.Duplicate"/> when its
    /// message id was stored before), or null when refused or the store failed.
    /// When no commit is under way the caller commits it (and whatever is queued before it) itself.
    /// </summary>
    public async Task<StoredMessage?> PublishAsync(ReceivedMessage message)
    {
        if (!_completed && _commitLock.Wait(0))
        {
            StoredMessage? result = null;
            var committed = false;
            try
            {
                // Checked again under the lock: once the writer has taken it for the last time
                // (after Complete), the committed feed is closed and nobody may commit.
                if (!_completed)
                {
                    CommitLocked([new Pending(message, stored => result = stored)]);
                    committed = true;
                }
            }
            finally
            {
                _commitLock.Release();
            }

            if (committed)
            {
                return result;
            }
        }

        var done = new TaskCompletionSource<StoredMessage?>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!TryPublish(message, stored => done.TrySetResult(stored)))
        {
            return null;
        }

        try
        {
            return await done.Task.WaitAsync(CommitDeadline).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _counters.CountCommitTimedOut();
            return null;
        }
    }

    /// <summary>
    /// <see cref="PublishAsync(ReceivedMessage)"/> for messages that arrived together (a native
    /// connection's pipelined MESSAGEs, docs/native-protocol.md §6.3): committed in one transaction
    /// — one fsync — when no commit is under way (with whatever other connections queued before
    /// them), else queued together for the next one. Each result, in order, is the stored message
    /// once durable, or null (refused, store failed, or not committed by the deadline).
    /// </summary>
    public async Task<IReadOnlyList<StoredMessage?>> PublishAsync(IReadOnlyList<ReceivedMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var results = new StoredMessage?[messages.Count];
        if (messages.Count == 0)
        {
            return results;
        }

        if (!_completed && _commitLock.Wait(0))
        {
            var committed = false;
            try
            {
                if (!_completed)
                {
                    var own = new List<Pending>(Math.Min(messages.Count, _maxBatch));
                    for (var start = 0; start < messages.Count; start += _maxBatch)
                    {
                        own.Clear();
                        for (var i = start; i < Math.Min(messages.Count, start + _maxBatch); i++)
                        {
                            var slot = i;
                            own.Add(new Pending(messages[i], stored => results[slot] = stored));
                        }

                        CommitLocked(own);
                    }

                    committed = true;
                }
            }
            finally
            {
                _commitLock.Release();
            }

            if (committed)
            {
                return results;
            }
        }

        // A commit is under way: queued together, they share the next one (the writer's).
        var waiting = new BatchWait(results);
        for (var i = 0; i < messages.Count; i++)
        {
            var slot = i;
            if (!TryPublish(messages[i], stored => waiting.Set(slot, stored)))
            {
                waiting.Set(slot, null);
            }
        }

        try
        {
            await waiting.Done.WaitAsync(CommitDeadline).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _counters.CountCommitTimedOut();
            return waiting.Freeze(); // what commits later is on disk, but its sender was told "no"
        }

        return results;
    }

    /// <summary>The results of one batch queued for the writer: done when every message has its answer.</summary>
    private sealed class BatchWait(StoredMessage?[] results)
    {
        private readonly Lock _lock = new();
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _remaining = results.Length;
        private bool _frozen;

        public Task Done => _done.Task;

        public void Set(int slot, StoredMessage? stored)
        {
            lock (_lock)
            {
                if (!_frozen)
                {
                    results[slot] = stored;
                }
            }

            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                _done.TrySetResult();
            }
        }

        /// <summary>At the deadline: the answers so far; later commits no longer change them.</summary>
        public StoredMessage?[] Freeze()
        {
            lock (_lock)
            {
                _frozen = true;
                return [.. results];
            }
        }
    }

    /// <summary>
    /// Committed messages in order, for a single reader, unless <see cref="OnCommitted"/> takes them.
    /// The committer never waits for the reader: when it is this far behind, the message is not
    /// passed on (it is in history) and counted as <c>droppedSink.dispatch</c> (issue #10, item 8).
    /// </summary>
    public IAsyncEnumerable<StoredMessage> ReadCommittedAsync(CancellationToken cancellationToken) => _committed.Reader.ReadAllAsync(cancellationToken);

    /// <summary>No more messages will be offered; the writer drains what is queued and ends.</summary>
    public void Complete()
    {
        _completed = true;
        _incoming.Writer.TryComplete();
    }

    /// <summary>The writer loop: runs until <see cref="Complete"/> and the queue is drained.</summary>
    public async Task RunAsync()
    {
        try
        {
            while (await _incoming.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                await _commitLock.WaitAsync().ConfigureAwait(false);
                try
                {
                    CommitLocked([]);
                }
                finally
                {
                    _commitLock.Release();
                }
            }

            // A session may still be committing inline: the committed feed ends after it.
            await _commitLock.WaitAsync().ConfigureAwait(false);
            _commitLock.Release();
        }
        finally
        {
            _committed.Writer.TryComplete();
        }
    }

    /// <summary>The message with the uid that owns its name now, at commit (issue #10, item 3).</summary>
    private ReceivedMessage Owned(ReceivedMessage message)
    {
        if (_ownerOf is null)
        {
            return message;
        }

        if (!_owners.TryGetValue(message.To, out var owner))
        {
            _owners[message.To] = owner = _ownerOf(message.To);
        }

        return message with { OwnerUid = owner };
    }

    /// <summary>
    /// Under the commit lock: the queued messages (older) and then <paramref name="own"/> (at most
    /// the batch size) in one transaction, each caller told, each stored message passed on to the dispatcher.
    /// </summary>
    private void CommitLocked(IReadOnlyList<Pending> own)
    {
        _batch.Clear();
        _messages.Clear();
        _owners.Clear(); // asked again at each commit: a name may have changed hands since
        while (_batch.Count < _maxBatch - own.Count && _incoming.Reader.TryRead(out var pending))
        {
            _batch.Add(pending);
            _messages.Add(Owned(pending.Message));
        }

        foreach (var mine in own)
        {
            _batch.Add(mine);
            _messages.Add(Owned(mine.Message));
        }

        if (_batch.Count == 0)
        {
            return; // a session committed what woke the writer
        }

        IReadOnlyList<CommitResult>? results = null;
        try
        {
            results = _store.Commit(_messages);
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException)
        {
            _counters.CountStoreFailure();
        }

        var committedAt = DateTimeOffset.UtcNow;
        for (var i = 0; i < _batch.Count; i++)
        {
            var stored = results is null ? null : new StoredMessage(results[i].Id, _messages[i] with { Id = results[i].Id }, results[i].Duplicate, committedAt);
            if (stored is { Duplicate: false })
            {
                // Counted before its sender is told: a scrape after the sender's answer sees it.
                Metrics?.Received(stored.Message.Transport, committedAt - stored.Message.ReceivedAt);
            }

            _batch[i].Committed?.Invoke(stored);

            // A duplicate (its message id was stored before: a sender that resent it) is on disk, so
            // its sender may be told so again, but it was counted and shown the first time.
            if (stored is { Duplicate: false })
            {
                _counters.CountAccepted();
                if (OnCommitted is { } dispatch)
                {
                    dispatch(stored);
                }
                else if (!_committed.Writer.TryWrite(stored))
                {
                    _counters.CountSinkDropped(DispatchSinkName);
                }
            }
        }
    }
}
