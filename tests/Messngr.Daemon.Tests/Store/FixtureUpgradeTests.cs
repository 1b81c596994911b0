using System.Globalization;
using Messngr.Daemon.Core;
using Messngr.Daemon.Store;
using Microsoft.Data.Sqlite;

namespace Messngr.Daemon.Tests.Store;

/// <summary>
/// Issue #13, item 1: "an existing database from today's release opens and upgrades, tested with a
/// fixture". Fixtures/messngr-v1.db was written by the release before (schema 1; see Fixtures/README.md).
/// </summary>
public sealed class FixtureUpgradeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-fixture-").FullName;

    public FixtureUpgradeTests() =>
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Store", "Fixtures", "messngr-v1.db"), Path.Combine(_dir, "messngr.db"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_previous_release_database_is_upgraded_to_the_current_version_and_keeps_its_whole_history_with_generated_ids()
    {
        Assert.Equal(1, UserVersion());

        using (var store = new SqliteMessageStore(_dir))
        {
            var history = store.History(100);
            Assert.Equal(
                [
                    (5L, "ERIN", "HELPDESK", "printer on fire", MessageTransport.Smb, "192.168.1.23", (uint?)null),
                    (4L, "ALICE", "BOSS", "second, clock stepped back", MessageTransport.Smb, "fe80::1", 1000),
                    (3L, "DAVE", "HOSTB", "root only, s\u00e4ure \u00df", MessageTransport.Rpc, "192.168.1.22", 0),
                    (2L, "CAROL", "LAB", "lunch at noon", MessageTransport.Mailslot, "192.168.1.21", null),
                    (1L, "ALICE", "BOSS", "first: the build is green", MessageTransport.Smb, "192.168.1.20", 1000),
                ],
                history.Select(h => (h.Id, h.Message.From, h.Message.To, h.Message.Text, h.Message.Transport, h.Message.Source.Address.ToString(), h.Message.OwnerUid)));
            Assert.All(history, h => Assert.Equal((Priority.Normal, false), (h.Message.Priority, h.Message.Verified)));
            Assert.All(history, h => Assert.IsType<SenderIdentity.Classic>(h.Message.Sender));
            Assert.All(history, h => Assert.Equal((false, (DateTimeOffset?)null, (DateTimeOffset?)null), (h.Message.Sealed, h.Message.DisplayedAt, h.Message.ReadAt)));

            // Ids made from received_at, growing in the history's order even where the clock stepped back.
            var oldestFirst = history.Reverse().ToList();
            for (var i = 1; i < oldestFirst.Count; i++)
            {
                Assert.True(oldestFirst[i].Message.MessageId > oldestFirst[i - 1].Message.MessageId, $"message {i + 1}");
            }

            Assert.Equal(oldestFirst[0].Message.ReceivedAt, oldestFirst[0].Message.MessageId.Timestamp);
            Assert.Equal(oldestFirst[2].Message.ReceivedAt, oldestFirst[3].Message.MessageId.Timestamp);
            Assert.Equal(oldestFirst[4].Message.ReceivedAt, oldestFirst[4].Message.MessageId.Timestamp);

            Assert.Equal(["HELPDESK", "LAB"], store.History(100, 1001).Select(h => h.Message.To));
            Assert.Equal(["HELPDESK", "BOSS", "LAB", "BOSS"], store.History(100, 1000).Select(h => h.Message.To));
            Assert.Equal([("BOSS", (uint?)1000), ("HELPDESK", null)], store.LoadAliases().Select(a => (a.Name, a.OwnerUid)));

            // A new message goes after them; a duplicate of an upgraded message is recognised.
            var results = store.Commit([
                new ReceivedMessage("FRANK", "BOSS", "after the upgrade", MessageTransport.Smb, history[0].Message.Source, DateTimeOffset.UtcNow) { OwnerUid = 1000 },
                history[1].Message with { Id = 0, Text = "replayed" },
            ]);
            Assert.Equal([new CommitResult(6, false), new CommitResult(4, true)], results);
        }

        Assert.Equal(StoreSchema.CurrentVersion, UserVersion());
        Assert.Equal(3, UserVersion()); // v1 → v2 → v3 (issue #13, item 6)
        using var store2 = new SqliteMessageStore(_dir);
        Assert.Equal(["after the upgrade", "printer on fire"], store2.History(2).Select(h => h.Message.Text));
    }

    private int UserVersion()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, "messngr.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
