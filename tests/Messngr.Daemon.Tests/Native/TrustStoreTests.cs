using System.Security.Cryptography;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;
using Messngr.Daemon.Tests.Users;

namespace Messngr.Daemon.Tests.Native;

/// <summary><c>STATE_DIR/trusted-nodes.json</c> (issue #13, item 4): private, atomic, bounded, never silently emptied.</summary>
public sealed class TrustStoreTests
{
    internal static NodeId Id(string seed) => NodeId.FromHash(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)));

    private static TrustEntry Entry(string seed, string? name = null, TrustSource source = TrustSource.Manual) =>
        new(Id(seed), name, new DateTimeOffset(2026, 12, 7, 4, 0, 0, TimeSpan.Zero), 0, source);

    [Fact]
    public void Entries_survive_a_restart_in_a_0600_file()
    {
        using var directory = new TempDirectory();
        var store = TrustStore.Open(directory.Path);
        Assert.Empty(store.All());
        Assert.Equal(TrustChangeOutcome.Added, store.Add(Entry("bob", "bob")).Outcome);
        Assert.Equal(TrustChangeOutcome.Added, store.Add(Entry("carol", source: TrustSource.Tofu)).Outcome);

        var path = directory.File(TrustStore.FileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var reopened = TrustStore.Open(directory.Path);
        Assert.Equal(2, reopened.All().Count);
        Assert.Equal("BOB", reopened.Find(Id("bob"))!.Name);
        Assert.Equal(TrustSource.Tofu, reopened.Find(Id("carol"))!.Source);
        Assert.Equal(Id("bob"), reopened.FindByName("Bob")!.Id);
        Assert.Contains("\"source\": \"tofu\"", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_is_added_once_and_a_name_belongs_to_one_node()
    {
        using var directory = new TempDirectory();
        var store = TrustStore.Open(directory.Path);
        store.Add(Entry("bob", "BOB"));
        Assert.Equal(TrustChangeOutcome.AlreadyTrusted, store.Add(Entry("bob", "ROBERT")).Outcome);
        var (outcome, existing) = store.Add(Entry("mallory", "bob"));
        Assert.Equal(TrustChangeOutcome.NameTaken, outcome);
        Assert.Equal(Id("bob"), existing!.Id);
        Assert.Single(store.All());
    }

    [Fact]
    public void The_list_is_bounded()
    {
        using var directory = new TempDirectory();
        var store = TrustStore.Open(directory.Path, maxEntries: 2);
        store.Add(Entry("a"));
        store.Add(Entry("b"));
        Assert.Equal(TrustChangeOutcome.Full, store.Add(Entry("c")).Outcome);
        Assert.Equal(2, store.All().Count);
        // A file with more than the bound is refused on load, not truncated.
        Assert.Throws<StoreException>(() => TrustStore.Open(directory.Path, maxEntries: 1));
    }

    [Fact]
    public void Remove_takes_a_node_id_in_any_form_or_a_name()
    {
        using var directory = new TempDirectory();
        var store = TrustStore.Open(directory.Path);
        store.Add(Entry("bob", "BOB"));
        store.Add(Entry("carol"));
        Assert.Equal(Id("bob"), store.Remove("bob")!.Id);
        Assert.Equal(Id("carol"), store.Remove(Id("carol").ToString().ToLowerInvariant().Replace('-', ' '))!.Id);
        Assert.Null(store.Remove("bob"));
        Assert.Empty(TrustStore.Open(directory.Path).All());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("{\"version\":2,\"nodes\":[]}")]
    [InlineData("{\"version\":1,\"nodes\":[{\"nodeId\":\"AAAA\",\"name\":null,\"addedAt\":\"2026-12-07T04:00:00Z\",\"addedByUid\":0,\"source\":\"manual\"}]}")]
    [InlineData("{\"version\":1,\"nodes\":[{\"nodeId\":\"P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2\",\"name\":\"A*B\",\"addedAt\":\"2026-12-07T04:00:00Z\",\"addedByUid\":0,\"source\":\"manual\"}]}")]
    [InlineData("{\"version\":1,\"nodes\":[{\"nodeId\":\"P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2\",\"name\":null,\"addedAt\":\"2026-12-07T04:00:00Z\",\"addedByUid\":0,\"source\":\"whim\"}]}")]
    [InlineData("{\"version\":1}")]
    public void A_corrupt_file_is_a_start_error_not_an_empty_list(string content)
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File(TrustStore.FileName), content);
        var ex = Assert.Throws<StoreException>(() => TrustStore.Open(directory.Path));
        Assert.Equal(StoreFailure.Unusable, ex.Failure);
        Assert.Contains(TrustStore.FileName, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversized_file_is_refused_before_it_is_read()
    {
        using var directory = new TempDirectory();
        using (var file = File.Create(directory.File(TrustStore.FileName)))
        {
            file.SetLength(TrustStore.MaxFileBytes + 1);
        }

        var ex = Assert.Throws<StoreException>(() => TrustStore.Open(directory.Path));
        Assert.Contains("larger than", ex.Message, StringComparison.Ordinal);
    }
}
