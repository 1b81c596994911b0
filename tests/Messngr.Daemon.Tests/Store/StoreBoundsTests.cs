using System.Globalization;
using System.Net;
using Messngr.Daemon.Core;
using Messngr.Daemon.Messages;
using Messngr.Daemon.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Messngr.Daemon.Tests.Store;

/// <summary>Issue #10, items 2, 3 and 10: private files, the owner at arrival, history in SQL, retention, a corrupt store.</summary>
public sealed class StoreBoundsTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-23T12:00:00Z", CultureInfo.InvariantCulture);
    private static readonly UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-bounds-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ReceivedMessage Message(string text, uint? owner, string to = "BOB", DateTimeOffset? at = null) =>
        new ReceivedMessage("alice", to, text, MessageTransport.Smb, new IPEndPoint(IPAddress.Parse("10.0.0.2"), 40000), at ?? Now) { OwnerUid = owner };

    [Fact]
    public void A_users_history_holds_their_messages_and_everyones_newest_first_limited_by_the_database()
    {
        using var store = new SqliteMessageStore(_dir);
        store.Commit([Message("bob 1", 1000), Message("carol", 1001), Message("all 1", null), Message("root only", 0), Message("bob 2", 1000), Message("all 2", null)]);

        Assert.Equal(["all 2", "bob 2", "all 1", "bob 1"], store.History(10, 1000).Select(m => m.Message.Text));
        Assert.Equal(["all 2", "bob 2"], store.History(2, 1000).Select(m => m.Message.Text));
        Assert.Equal(["all 2", "all 1", "carol"], store.History(10, 1001).Select(m => m.Message.Text));
        Assert.Equal(6, store.History(10).Count);
        Assert.Equal([null, (uint?)1000], store.History(2, 1000).Select(m => m.Message.OwnerUid));
    }

    [Fact]
    public void A_users_history_is_answered_from_the_owner_index_without_scanning_the_table()
    {
        using var store = new SqliteMessageStore(_dir);
        using var connection = new SqliteConnection($"Data Source={store.Path}");
        connection.Open();
        using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + SqliteMessageStore.UserHistoryQuery;
        explain.Parameters.AddWithValue("$uid", 1000);
        explain.Parameters.AddWithValue("$everyone", -1);
        explain.Parameters.AddWithValue("$limit", 20);
        var plan = new List<string>();
        using (var reader = explain.ExecuteReader())
        {
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
        }

        var scans = plan.Where(p => p.StartsWith("SCAN messages", StringComparison.Ordinal) || p.StartsWith("SEARCH messages", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, scans.Count);
        Assert.All(scans, p => Assert.Contains("USING INDEX messages_by_owner (owner_uid=?)", p, StringComparison.Ordinal));
    }

    [Fact]
    public void A_database_of_the_old_schema_is_upgraded_and_its_messages_stay_roots_only()
    {
        // The layout before issue #10, as its CREATE statements were, with one message in it.
        var path = Path.Combine(_dir, "messngr.db");
        using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = "PRAGMA journal_mode = WAL;\n" + StoreSchema.Version0 + """
                INSERT INTO messages (sender, recipient, text, transport, authenticated, source_address, source_port, received_at)
                VALUES ('alice', 'BOSS', 'before the upgrade', 'smb', 0, '10.0.0.2', 40000, '2026-11-01T00:00:00.0000000+00:00');
                INSERT INTO aliases (name, owner_uid, added_at) VALUES ('BOSS', 1000, '2026-11-01T00:00:00.0000000+00:00');
                """;
            create.ExecuteNonQuery();
        }

        using (var store = new SqliteMessageStore(_dir))
        {
            var old = Assert.Single(store.History(10));
            Assert.Equal(("before the upgrade", (uint?)0), (old.Message.Text, old.Message.OwnerUid));
            Assert.Empty(store.History(10, 1000));
            Assert.Equal("BOSS", Assert.Single(store.LoadAliases()).Name);
            store.Commit([Message("after", 1000)]);
            Assert.Equal(["after"], store.History(10, 1000).Select(m => m.Message.Text));
        }

        using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        Assert.Equal(StoreSchema.CurrentVersion, Convert.ToInt32(version.ExecuteScalar(), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_database_from_a_newer_messngr_is_refused()
    {
        using (var newer = new SqliteConnection($"Data Source={Path.Combine(_dir, "messngr.db")};Pooling=False"))
        {
            newer.Open();
            using var set = newer.CreateCommand();
            set.CommandText = "PRAGMA user_version = 99";
            set.ExecuteNonQuery();
        }

        var ex = Assert.Throws<StoreException>(() => new SqliteMessageStore(_dir));
        Assert.Contains("schema version 99", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retention_keeps_the_newest_max_messages_deleting_in_bounded_steps()
    {
        using var store = new SqliteMessageStore(_dir, DaemonLimits.Default with { RetentionBatch = 10 });
        store.Commit([.. Enumerable.Range(0, 35).Select(i => Message($"m{i}", null))]);

        Assert.Equal(10, store.Prune(Now, 5, TimeSpan.Zero));
        Assert.Equal(10, store.Prune(Now, 5, TimeSpan.Zero));
        Assert.Equal(10, store.Prune(Now, 5, TimeSpan.Zero));
        Assert.Equal(0, store.Prune(Now, 5, TimeSpan.Zero));
        Assert.Equal(["m34", "m33", "m32", "m31", "m30"], store.History(100).Select(m => m.Message.Text));
    }

    [Fact]
    public void Retention_deletes_messages_older_than_max_age()
    {
        using var store = new SqliteMessageStore(_dir);
        store.Commit([Message("old", null, at: Now.AddDays(-91)), Message("older", null, at: Now.AddDays(-90).AddSeconds(-1)), Message("recent", null, at: Now.AddDays(-89))]);

        Assert.Equal(2, store.Prune(Now, 0, TimeSpan.FromDays(90)));
        Assert.Equal(["recent"], store.History(10).Select(m => m.Message.Text));
    }

    [Fact]
    public async Task The_retention_task_steps_until_nothing_is_left_and_zero_limits_keep_everything()
    {
        using var store = new SqliteMessageStore(_dir, DaemonLimits.Default with { RetentionBatch = 3 });
        store.Commit([.. Enumerable.Range(0, 20).Select(i => Message($"m{i}", null))]);

        var keepAll = new MessageRetention(store, 0, TimeSpan.Zero, DaemonLimits.Default with { RetentionBatch = 3 }, new FakeTimeProvider(Now), NullLogger.Instance);
        await keepAll.RunAsync(CancellationToken.None); // returns at once: nothing to enforce
        Assert.Equal(20, store.History(100).Count);

        var retention = new MessageRetention(store, 4, TimeSpan.FromDays(90), DaemonLimits.Default with { RetentionBatch = 3 }, new FakeTimeProvider(Now), NullLogger.Instance);
        Assert.Equal(16, await retention.PruneAsync(CancellationToken.None));
        Assert.Equal(["m19", "m18", "m17", "m16"], store.History(100).Select(m => m.Message.Text));
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_refused_at_open_with_one_sentence()
    {
        File.WriteAllText(Path.Combine(_dir, "messngr.db"), new string('x', 8192));
        var ex = Assert.Throws<StoreException>(() => new SqliteMessageStore(_dir));
        Assert.Contains(Path.Combine(_dir, "messngr.db"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void A_database_damaged_inside_is_refused_at_open()
    {
        using (var store = new SqliteMessageStore(_dir))
        {
            store.Commit([.. Enumerable.Range(0, 200).Select(i => Message(new string('t', 500) + i, null))]);
        }

        // Overwrite a page in the middle of the table's b-tree (page size 4096, header intact).
        var path = Path.Combine(_dir, "messngr.db");
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            Assert.True(file.Length > 5 * 4096, "the test needs a database of several pages");
            file.Position = 3 * 4096;
            file.Write(Enumerable.Repeat((byte)0xA5, 4096).ToArray());
        }

        var ex = Assert.Throws<StoreException>(() => new SqliteMessageStore(_dir));
        Assert.Contains("corrupt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_database_damaged_while_the_daemon_runs_is_a_failing_status_not_a_crash()
    {
        using var store = new SqliteMessageStore(_dir);
        store.Commit([.. Enumerable.Range(0, 200).Select(i => Message(new string('t', 500) + i, null))]);
        using (var checkpoint = new SqliteConnection($"Data Source={store.Path};Pooling=False"))
        {
            checkpoint.Open();
            using var command = checkpoint.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            command.ExecuteNonQuery();
        }

        using (var file = new FileStream(store.Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            for (var page = 2; page < file.Length / 4096; page++)
            {
                file.Position = page * 4096L;
                file.Write(Enumerable.Repeat((byte)0xA5, 4096).ToArray());
            }
        }

        var read = Assert.Throws<StoreException>(() => store.History(10));
        Assert.Contains("corrupt", read.Message, StringComparison.Ordinal);
        Assert.False(store.Health.Ok);
        Assert.Contains("corrupt", store.Health.Detail, StringComparison.Ordinal);
        Assert.ThrowsAny<SqliteException>(() => store.Commit([Message("after", null)]));
        Assert.False(store.Health.Ok);
    }

    [Fact]
    public void Loose_modes_of_an_existing_state_directory_and_store_files_are_tightened()
    {
        var path = Path.Combine(_dir, "messngr.db");
        using (var store = new SqliteMessageStore(_dir))
        {
            store.Commit([Message("x", null)]);
        }

        File.SetUnixFileMode(_dir, (UnixFileMode)0b111_111_111);
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);
        File.WriteAllBytes(path + "-wal", []);
        File.SetUnixFileMode(path + "-wal", (UnixFileMode)0b110_110_110);

        using var reopened = new SqliteMessageStore(_dir);
        Assert.True(reopened.DirectoryTightened);
        Assert.Equal((UnixFileMode)0b111_001_001, File.GetUnixFileMode(_dir));
        Assert.Equal(Private, File.GetUnixFileMode(path));
        Assert.Equal(Private, File.GetUnixFileMode(path + "-wal"));
        Assert.Equal(Private, File.GetUnixFileMode(path + "-shm"));
    }

    [Fact]
    public void A_new_state_directory_is_0711_whatever_the_umask()
    {
        var state = Path.Combine(_dir, "new", "state");
        using var store = new SqliteMessageStore(state);
        Assert.Equal((UnixFileMode)0b111_001_001, File.GetUnixFileMode(state));
        Assert.Equal((UnixFileMode)0b111_001_001, File.GetUnixFileMode(Path.Combine(_dir, "new")));
        Assert.Equal(Private, File.GetUnixFileMode(store.Path));
    }

    [Fact]
    public async Task The_pipeline_records_who_owned_the_name_when_the_message_was_committed()
    {
        using var store = new SqliteMessageStore(_dir);
        var owners = new Dictionary<string, uint?> { ["BOSS"] = 1000, ["HOSTB"] = null };
        var pipeline = new MessagePipeline(new ListenerCounters(), store, to => owners.TryGetValue(to, out var uid) ? uid : 0);
        var writer = Task.Run(pipeline.RunAsync);
        var first = await pipeline.PublishAsync(Message("to boss while uid 1000 held it", 0, "BOSS"));
        owners["BOSS"] = 1001; // the alias changed hands
        var second = await pipeline.PublishAsync(Message("to boss now", 0, "BOSS"));
        var broadcast = await pipeline.PublishAsync(Message("to the computer", 0, "HOSTB"));
        pipeline.Complete();
        await writer;

        Assert.Equal((uint?)1000, first!.Message.OwnerUid);
        Assert.Equal(["to the computer", "to boss while uid 1000 held it"], store.History(10, 1000).Select(m => m.Message.Text));
        Assert.Equal(["to the computer", "to boss now"], store.History(10, 1001).Select(m => m.Message.Text));
        Assert.Equal((second!.Id, broadcast!.Message.OwnerUid), (store.History(10, 1001)[1].Id, (uint?)null));
    }
}
