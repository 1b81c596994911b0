using System.Net;
using Messngr.Daemon.Messages;
using Messngr.Daemon.Store;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Store;

public sealed class SqliteMessageStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-store-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ReceivedMessage Message(string text, string to = "HOSTB") =>
        new("alice", to, text, MessageTransport.Smb, new IPEndPoint(IPAddress.Parse("10.0.0.2"), 40000), DateTimeOffset.Parse("2026-11-23T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void History_survives_a_restart_newest_first_with_every_field()
    {
        using (var store = new SqliteMessageStore(_dir))
        {
            var ids = store.Commit([Message("one"), Message("two ünïcode\nline")]);
            Assert.True(ids[1].Id > ids[0].Id);
        }

        using var reopened = new SqliteMessageStore(_dir);
        var history = reopened.History(10);
        Assert.Equal(["two ünïcode\nline", "one"], history.Select(h => h.Message.Text));
        var newest = history[0].Message;
        Assert.Equal(("alice", "HOSTB", MessageTransport.Smb, false), (newest.From, newest.To, newest.Transport, newest.Authenticated));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.2"), 40000), newest.Source);
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture), newest.ReceivedAt);
    }

    [Fact]
    public void The_database_is_in_wal_mode_and_private()
    {
        using var store = new SqliteMessageStore(_dir);
        Assert.True(File.Exists(Path.Combine(_dir, "messngr.db")));
        store.Commit([Message("x")]);
        Assert.True(File.Exists(Path.Combine(_dir, "messngr.db-wal")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path + "-wal"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path + "-shm"));
    }

    [Fact]
    public void History_limit_and_visibility_filter_apply()
    {
        using var store = new SqliteMessageStore(_dir);
        store.Commit([Message("a", "BOB"), Message("b", "HOSTB"), Message("c", "BOB")]);
        Assert.Equal(["c"], store.History(1).Select(h => h.Message.Text));
        Assert.Equal(["c", "a"], store.History(10).Where(m => m.Message.To == "BOB").Select(h => h.Message.Text));
    }

    [Fact]
    public void Aliases_are_kept_and_deleted()
    {
        using (var store = new SqliteMessageStore(_dir))
        {
            store.SaveAlias(new AliasRecord("BOB", 1000, DateTimeOffset.UtcNow));
            store.SaveAlias(new AliasRecord("OPS", null, DateTimeOffset.UtcNow));
            store.DeleteAlias("OPS");
        }

        using var reopened = new SqliteMessageStore(_dir);
        var alias = Assert.Single(reopened.LoadAliases());
        Assert.Equal(("BOB", (uint?)1000), (alias.Name, alias.OwnerUid));
    }

    [Fact]
    public async Task Pipeline_tells_the_listener_only_after_the_commit()
    {
        using var store = new SqliteMessageStore(_dir);
        var pipeline = new MessagePipeline(new ListenerCounters(), store);
        var writer = Task.Run(pipeline.RunAsync);
        var stored = await pipeline.PublishAsync(Message("durable"));
        Assert.NotNull(stored);
        // Visible to an independent reader at the moment the sender would be told.
        Assert.Equal(stored.Id, store.History(1)[0].Id);
        pipeline.Complete();
        await writer;
    }

    [Fact]
    public async Task A_full_pipeline_refuses_and_counts_instead_of_growing()
    {
        using var store = new SqliteMessageStore(_dir);
        var counters = new ListenerCounters();
        var pipeline = new MessagePipeline(counters, store); // writer not running: nothing drains
        var accepted = 0;
        for (var i = 0; i < DaemonLimits.Default.PipelineCapacity + 50; i++)
        {
            accepted += pipeline.TryPublish(Message("m")) ? 1 : 0;
        }

        Assert.Equal(DaemonLimits.Default.PipelineCapacity, accepted);
        Assert.Equal(50, counters.Dropped);
        Assert.Empty(store.History(10));
    }

    [Fact]
    public async Task After_the_pipeline_is_completed_a_session_is_refused_and_nothing_is_committed()
    {
        using var store = new SqliteMessageStore(_dir);
        var counters = new ListenerCounters();
        var pipeline = new MessagePipeline(counters, store);
        var writer = Task.Run(pipeline.RunAsync);
        pipeline.Complete();
        await writer;
        Assert.Null(await pipeline.PublishAsync(Message("too late")));
        Assert.Empty(store.History(10));
        Assert.Equal(1, counters.Dropped);
    }

    [Fact]
    public async Task A_session_with_nobody_committing_commits_itself_after_the_older_queued_messages()
    {
        using var store = new SqliteMessageStore(_dir);
        var counters = new ListenerCounters();
        var pipeline = new MessagePipeline(counters, store); // no writer task: only the session can commit
        var told = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(pipeline.TryPublish(Message($"queued {i}"), m => told.Add(m!.Message.Text)));
        }

        var stored = await pipeline.PublishAsync(Message("own")).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(stored);
        Assert.Equal(["queued 0", "queued 1", "queued 2"], told);
        Assert.Equal(["own", "queued 2", "queued 1", "queued 0"], store.History(10).Select(m => m.Message.Text));
        Assert.Equal(stored.Id, store.History(1)[0].Id);
        Assert.Equal(4, counters.Accepted);
    }
}
