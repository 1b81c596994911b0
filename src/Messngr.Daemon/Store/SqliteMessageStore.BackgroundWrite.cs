using Microsoft.Data.Sqlite;

namespace Messngr.Daemon.Store;

/// <summary>
/// The sender's group commit for writes that must not run on the caller's thread (issue #13,
/// send2 item 2): the write joins the same queue as <see cref="WriteAsync{T}"/>
/// (SqliteMessageStore.GroupWrite.cs) but is never committed inline — a thread-pool work item
/// commits what is queued (one transaction, each write in its own savepoint), so a caller on a
/// connection's reader (a RECEIPT <i>stored</i> handed to its send without a thread hop,
/// <see cref="Native.NativeConnection"/>) only queues and returns to reading. The receipts of
/// one burst, and the enqueues of the senders they release, then share one transaction. Each
/// caller resumes only once the transaction holding its write has committed: durability per write
/// is unchanged.
/// </summary>
internal sealed partial class SqliteMessageStore
{
    /// <summary>Queues <paramref name="work"/> for the background committer and completes once it is durable (or with what it, or the commit, threw).</summary>
    private async Task<T> WriteInBackgroundAsync<T>(Func<SqliteTransaction, T> work)
    {
        var write = new QueuedWrite<T>(work);
        bool start;
        lock (_queuedWritesLock)
        {
            _queuedWrites.Add(write);
            start = !_draining;
            _draining = true;
        }

        if (start)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static store => store.Drain(), this, preferLocal: false);
        }

        await write.Completion.ConfigureAwait(false);
        return write.Result();
    }
}
