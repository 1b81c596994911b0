using System.Runtime.ExceptionServices;
using Microsoft.Data.Sqlite;

namespace Messngr.Daemon.Store;

/// <summary>
/// Group commit for the outbox and receipt writes (issue #13, perf item: "the sender writes the
/// outbox 4× per message, each its own transaction + fsync"). A write is queued; whoever then holds
/// the writer lock runs every queued write — its own and those of the callers that queued while
/// the previous transaction was committing — in ONE transaction (one fsync), each in a savepoint of
/// its own so that one failing write does not take the others with it
/// (https://sqlite.org/lang_savepoint.html). Every caller returns only after the transaction
/// holding its write has committed: durability per write is unchanged, only the fsyncs are shared.
/// A lone caller commits alone, as before.
/// </summary>
internal sealed partial class SqliteMessageStore
{
    private readonly Lock _queuedWritesLock = new();
    private readonly List<QueuedWrite> _queuedWrites = [];
    private readonly List<QueuedWrite> _writeBatch = [];

    /// <summary>An asynchronous caller (or the drain it started) is committing queued writes; guarded by <see cref="_queuedWritesLock"/>.</summary>
    private bool _draining;

    /// <summary>Transactions the grouped writer committed (tests: many writes, one transaction).</summary>
    internal long GroupedTransactions { get; private set; }

    /// <summary>Writes queued and not yet taken by a committer (tests: wait until callers queued).</summary>
    internal int QueuedWrites
    {
        get
        {
            lock (_queuedWritesLock)
            {
                return _queuedWrites.Count;
            }
        }
    }

    /// <summary>Tests only: runs under the writer lock before each grouped transaction, with the number of writes in it.</summary>
    internal Action<int>? BeforeGroupedTransaction { get; set; }

    /// <summary>One write in the group transaction, returning once it is durable (or throwing what it threw, or what the commit threw).</summary>
    private T Write<T>(Func<SqliteTransaction, T> work)
    {
        var write = new QueuedWrite<T>(work);
        lock (_queuedWritesLock)
        {
            _queuedWrites.Add(write);
        }

        lock (_writeLock)
        {
            while (!write.Done)
            {
                CommitQueuedWrites(); // its own write is in this batch, or in one of the next
            }
        }

        return write.Result();
    }

    /// <summary>
    /// As <see cref="Write{T}"/>, but a caller that finds a commit under way awaits its turn
    /// instead of blocking a thread: the first caller commits what is queued on its own thread
    /// (one transaction, as a lone sender does today) and, while more writes queued meanwhile,
    /// a thread-pool work item commits them in turn; each caller resumes once its write is durable.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<SqliteTransaction, T> work)
    {
        var write = new QueuedWrite<T>(work);
        bool lead;
        lock (_queuedWritesLock)
        {
            _queuedWrites.Add(write);
            lead = !_draining;
            _draining = true;
        }

        if (lead)
        {
            lock (_writeLock)
            {
                if (!write.Done)
                {
                    CommitQueuedWrites();
                }
            }

            // Writes queued while this one committed: a work item commits them (this caller goes on).
            if (!StopDrainingWhenEmpty())
            {
                ThreadPool.UnsafeQueueUserWorkItem(static store => store.Drain(), this, preferLocal: false);
            }
        }

        await write.Completion.ConfigureAwait(false);
        return write.Result();
    }

    /// <summary>Commits queued writes until none is left.</summary>
    private void Drain()
    {
        do
        {
            lock (_writeLock)
            {
                CommitQueuedWrites();
            }
        }
        while (!StopDrainingWhenEmpty());
    }

    /// <summary>True (and draining ends) when nothing is queued; false when there is more to commit.</summary>
    private bool StopDrainingWhenEmpty()
    {
        lock (_queuedWritesLock)
        {
            if (_queuedWrites.Count > 0)
            {
                return false;
            }

            _draining = false;
            return true;
        }
    }

    /// <summary>Under the writer lock: every queued write (at most <see cref="Core.DaemonLimits.OutboxWriteBatch"/>) in one transaction.</summary>
    private void CommitQueuedWrites()
    {
        _writeBatch.Clear();
        lock (_queuedWritesLock)
        {
            if (_queuedWrites.Count == 0)
            {
                return; // a synchronous caller committed them already
            }

            var take = Math.Min(_queuedWrites.Count, Math.Max(1, _limits.OutboxWriteBatch));
            _writeBatch.AddRange(_queuedWrites.GetRange(0, take));
            _queuedWrites.RemoveRange(0, take);
        }

        BeforeGroupedTransaction?.Invoke(_writeBatch.Count);
        SqliteException? storeFailure = null;
        var committed = false;
        try
        {
            using var transaction = _writer.BeginTransaction();
            if (_writeBatch.Count == 1)
            {
                // Alone: no savepoint needed, a failure rolls the whole transaction back.
                _writeBatch[0].Run(transaction);
            }
            else
            {
                foreach (var write in _writeBatch)
                {
                    transaction.Save("grouped_write");
                    try
                    {
                        write.Run(transaction);
                        transaction.Release("grouped_write");
                    }
                    catch (Exception ex)
                    {
                        transaction.Rollback("grouped_write");
                        transaction.Release("grouped_write");
                        _outboxCount = null; // what it changed is undone: count again
                        write.Fail(ex);
                        storeFailure = ex as SqliteException ?? storeFailure;
                    }
                }
            }

            transaction.Commit();
            committed = true;
            GroupedTransactions++;
        }
        catch (Exception ex)
        {
            _outboxCount = null;
            storeFailure = ex as SqliteException ?? storeFailure;
            foreach (var write in _writeBatch)
            {
                write.Fail(ex);
            }
        }
        finally
        {
            foreach (var write in _writeBatch)
            {
                write.Finish();
            }

            _writeBatch.Clear();
        }

        if (storeFailure is not null)
        {
            Failed(storeFailure);
        }
        else if (committed)
        {
            Succeeded();
        }
    }

    private abstract class QueuedWrite
    {
        private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private ExceptionDispatchInfo? _error;

        /// <summary>Completes (never faults) once its transaction ended; then <c>Result()</c> returns or throws.</summary>
        public Task Completion => _completion.Task;

        /// <summary>Set under the writer lock once its transaction ended (committed or not).</summary>
        public bool Done { get; private set; }

        public abstract void Run(SqliteTransaction transaction);

        /// <summary>The first failure wins: its own, or the commit's.</summary>
        public void Fail(Exception ex) => _error ??= ExceptionDispatchInfo.Capture(ex);

        public void Finish()
        {
            Done = true;
            _completion.TrySetResult();
        }

        protected void ThrowIfFailed() => _error?.Throw();
    }

    private sealed class QueuedWrite<T>(Func<SqliteTransaction, T> work) : QueuedWrite
    {
        private T? _result;

        public override void Run(SqliteTransaction transaction) => _result = work(transaction);

        public T Result()
        {
            ThrowIfFailed();
            return _result!;
        }
    }
}
