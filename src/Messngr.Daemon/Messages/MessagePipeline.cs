using System.Threading.Channels;
using Messngr.Daemon.Control;
using Messngr.Daemon.Listeners;
using Messngr.Daemon.Store;

namespace Messngr.Daemon.Messages;

/// <summary>
/// Listeners → store → sinks (architecture.md data flow). Listeners offer messages to a bounded
/// queue (style.md); one writer task commits whatever is waiting in a single transaction (group
/// commit) and only then tells each listener, through its callback, that the message is durable
/// — the moment a sender may be told "accepted" (issue: "committed … before the sender is told").
/// A flood fills the queue and is refused and counted; memory never grows past
/// <see cref="Capacity"/> pending messages.
/// </summary>
internal sealed class MessagePipeline
{
    public const int Capacity = 1024;

    /// <summary>Messages committed in one transaction at most.</summary>
    public const int MaxBatch = 256;

    private readonly Channel<Pending> _incoming = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private readonly Channel<StoredMessage> _committed = Channel.CreateBounded<StoredMessage>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = true });

    private readonly ListenerCounters _counters;
    private readonly IMessageStore _store;

    public MessagePipeline(ListenerCounters counters, IMessageStore store)
    {
        _counters = counters;
        _store = store;
    }

    private sealed record Pending(ReceivedMessage Message, Action<StoredMessage?>? Committed);

    /// <summary>
    /// Offers a message; false (and counted) when the queue is full. <paramref name="committed"/>
    /// runs on the writer task after the commit (with null if the store failed); keep it short.
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

    /// <summary>Completes with the stored message once durable, or null when refused or the store failed.</summary>
    public Task<StoredMessage?> PublishAsync(ReceivedMessage message)
    {
        var done = new TaskCompletionSource<StoredMessage?>(TaskCreationOptions.RunContinuationsAsynchronously);
        return TryPublish(message, stored => done.TrySetResult(stored)) ? done.Task : Task.FromResult<StoredMessage?>(null);
    }

    /// <summary>Committed messages in order, for the dispatcher (single reader).</summary>
    public IAsyncEnumerable<StoredMessage> ReadCommittedAsync(CancellationToken cancellationToken) => _committed.Reader.ReadAllAsync(cancellationToken);

    /// <summary>No more messages will be offered; the writer drains what is queued and ends.</summary>
    public void Complete() => _incoming.Writer.TryComplete();

    /// <summary>The writer loop: runs until <see cref="Complete"/> and the queue is drained.</summary>
    public async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        var messages = new List<ReceivedMessage>(MaxBatch);
        try
        {
            while (await _incoming.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                messages.Clear();
                while (batch.Count < MaxBatch && _incoming.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                    messages.Add(pending.Message);
                }

                IReadOnlyList<long>? ids = null;
                try
                {
                    ids = _store.Commit(messages);
                }
                catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException)
                {
                    _counters.CountStoreFailure();
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    var stored = ids is null ? null : new StoredMessage(ids[i], batch[i].Message with { Id = ids[i] });
                    batch[i].Committed?.Invoke(stored);
                    if (stored is not null)
                    {
                        _counters.CountAccepted();
                        await _committed.Writer.WriteAsync(stored).ConfigureAwait(false);
                    }
                }
            }
        }
        finally
        {
            _committed.Writer.TryComplete();
        }
    }
}
