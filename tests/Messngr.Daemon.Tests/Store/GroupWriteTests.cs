using System.Globalization;
using Messngr.Daemon.Core;
using Messngr.Daemon.Store;
using Microsoft.Data.Sqlite;

namespace Messngr.Daemon.Tests.Store;

/// <summary>
/// Issue #13, perf: outbox writes that queue while another transaction commits share the next
/// one (one fsync for many), and each caller returns only once its write is committed.
/// </summary>
public sealed class GroupWriteTests : IDisposable
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-07T07:00:00Z", CultureInfo.InvariantCulture);

    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-groupwrite-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// Holds the store's first grouped transaction (after setting <paramref name="leaderInside"/>)
    /// until <paramref name="release"/> is set, so later writes queue behind it; returns the size of
    /// every transaction, in order.
    /// </summary>
    private static List<int> HoldFirstTransaction(SqliteMessageStore store, ManualResetEventSlim leaderInside, ManualResetEventSlim release)
    {
        var batches = new List<int>();
        store.BeforeGroupedTransaction = count =>
        {
            batches.Add(count);
            if (batches.Count == 1)
            {
                leaderInside.Set();
                Assert.True(release.Wait(SafetyNet));
            }
        };
        return batches;
    }

    private static OutgoingMessage Outgoing(string text) => new(MessageId.New(), "BOB@10.0.0.2", "alice", 1000, text, Now);

    [Fact]
    public async Task Writes_queued_behind_a_committing_one_are_committed_together_in_one_transaction_and_each_returns_after_it()
    {
        using var store = new SqliteMessageStore(_dir);
        const int Followers = 12;
        using var leaderInside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var batches = HoldFirstTransaction(store, leaderInside, release); // the first transaction holds the writer while the others queue

        var leader = Task.Run(() => store.EnqueueOutgoing(Outgoing("leader")));
        Assert.True(leaderInside.Wait(SafetyNet));
        var messages = Enumerable.Range(0, Followers).Select(i => Outgoing($"m{i}")).ToList();
        var followers = messages.Select(m => Task.Run(() =>
        {
            var outcome = store.EnqueueOutgoing(m);
            // Returned: the row is committed, visible to another connection.
            return (outcome, Visible(m.Id));
        })).ToList();
        while (store.QueuedWrites < Followers)
        {
            await Task.Delay(10);
        }

        Assert.All(followers, f => Assert.False(f.IsCompleted)); // nobody is told before the commit
        release.Set();
        Assert.Equal(EnqueueOutcome.Queued, await leader.WaitAsync(SafetyNet));
        foreach (var result in await Task.WhenAll(followers).WaitAsync(SafetyNet))
        {
            Assert.Equal((EnqueueOutcome.Queued, true), result);
        }

        Assert.Equal([1, Followers], batches);
        Assert.Equal(2, store.GroupedTransactions);
    }

    [Fact]
    public async Task Asynchronous_writes_behind_a_commit_wait_without_a_thread_and_are_committed_together_after_it()
    {
        using var store = new SqliteMessageStore(_dir);
        const int Followers = 12;
        using var leaderInside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var batches = HoldFirstTransaction(store, leaderInside, release);

        var leader = Task.Run(() => store.EnqueueOutgoingAsync(Outgoing("leader")));
        Assert.True(leaderInside.Wait(SafetyNet));
        var messages = Enumerable.Range(0, Followers).Select(i => Outgoing($"m{i}")).ToList();
        // All issued from one thread while the commit is held: none of them may block it.
        var followers = await Task.Run(() => messages.Select(store.EnqueueOutgoingAsync).ToList()).WaitAsync(SafetyNet);
        Assert.All(followers, f => Assert.False(f.IsCompleted));

        release.Set();
        Assert.Equal(EnqueueOutcome.Queued, await leader.WaitAsync(SafetyNet));
        Assert.All(await Task.WhenAll(followers).WaitAsync(SafetyNet), outcome => Assert.Equal(EnqueueOutcome.Queued, outcome));
        Assert.All(messages, m => Assert.True(Visible(m.Id)));
        Assert.Equal([1, Followers], batches);
    }

    [Fact]
    public async Task A_write_that_fails_in_a_group_fails_alone_and_the_others_are_committed()
    {
        using var store = new SqliteMessageStore(_dir);
        var known = Outgoing("known");
        store.EnqueueOutgoing(known);
        // A SQLite error in one write only: a trigger refuses this one recipient.
        Execute("CREATE TRIGGER refuse BEFORE INSERT ON outbox WHEN NEW.recipient = 'REFUSE@10.0.0.9' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
        using var leaderInside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        HoldFirstTransaction(store, leaderInside, release);

        var leader = Task.Run(() => store.RecordAttempt(known.Id, Now.AddMinutes(1), "first"));
        Assert.True(leaderInside.Wait(SafetyNet));
        var good = Outgoing("good");
        var ok = Task.Run(() => store.EnqueueOutgoing(good));
        var refused = new OutgoingMessage(MessageId.New(), "REFUSE@10.0.0.9", "alice", 1000, "bad", Now);
        var bad = Task.Run(() => store.EnqueueOutgoing(refused));
        while (store.QueuedWrites < 2)
        {
            await Task.Delay(10);
        }

        release.Set();
        Assert.True(await leader.WaitAsync(SafetyNet));
        Assert.Equal(EnqueueOutcome.Queued, await ok.WaitAsync(SafetyNet));
        await Assert.ThrowsAsync<SqliteException>(() => bad.WaitAsync(SafetyNet));
        Assert.NotNull(store.FindOutgoing(good.Id));
        Assert.Null(store.FindOutgoing(refused.Id));
        Assert.Equal(["known", "good"], store.DueOutgoing(Now.AddHours(1), 10).Select(m => m.Text).Order(StringComparer.Ordinal).Reverse());
        Assert.Equal((1, "first"), (store.FindOutgoing(known.Id)!.Attempts, store.FindOutgoing(known.Id)!.LastError));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_dir, "messngr.db"), Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private bool Visible(MessageId id)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM outbox WHERE message_id = $id";
        command.Parameters.AddWithValue("$id", id.ToString());
        return (long)command.ExecuteScalar()! == 1;
    }
}
