using System.Net;
using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Native;
using Messngr.Daemon.Tests.Hosting;
using Messngr.Daemon.Tests.Users;
using Microsoft.Extensions.Time.Testing;

namespace Messngr.Daemon.Tests.Native;

/// <summary>The <see cref="PeerTable"/>: trust marks, the pinned-name rule, static peers, expiry and its bound (issue #13, item 5).</summary>
public sealed class PeerTableTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 5, 0, 0, TimeSpan.Zero);
    private static readonly IPAddress HostB = IPAddress.Parse("10.13.0.2");
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly CapturingLogger _log = new();
    private readonly TrustStore _trust;
    private readonly NodeId _bob = NewId();
    private readonly NodeId _mallory = NewId();

    public PeerTableTests() => _trust = TrustStore.Open(_directory.Path);

    public void Dispose() => _directory.Dispose();

    private static NodeId NewId()
    {
        using var key = NodeCertificates.NewKey();
        using var certificate = NodeCertificates.SelfSigned(key, Now);
        return NodeId.FromCertificate(certificate);
    }

    private PeerTable Table(int capacity = 8, params (string, ushort)[] statics) => new(capacity, _trust, statics, _time, _log);

    [Fact]
    public void A_trusted_node_is_listed_trusted_with_its_names()
    {
        _trust.Add(new TrustEntry(_bob, "BOB", Now, 0, TrustSource.Manual));
        var table = Table();
        Assert.True(table.Announced(_bob, ["bob", "BOBBY"], HostB, 2427));
        var row = Assert.Single(table.Snapshot());
        Assert.Equal(_bob, row.Id);
        Assert.Equal(["BOB", "BOBBY"], row.Names);
        Assert.Equal(("10.13.0.2", (ushort)2427), (row.Address, row.Port));
        Assert.Equal(Now, row.LastSeen);
        Assert.Equal(PeerTableSource.Announced, row.Source);
        Assert.True(row.Trusted);
    }

    [Fact]
    public void An_untrusted_node_is_listed_but_marked_untrusted()
    {
        var table = Table();
        table.Announced(_mallory, ["MAL"], HostB, 2427);
        var row = Assert.Single(table.Snapshot());
        Assert.Equal(["MAL"], row.Names);
        Assert.False(row.Trusted);
    }

    [Fact]
    public void A_name_pinned_to_another_node_is_not_bound_to_the_announcer_and_is_logged_once()
    {
        _trust.Add(new TrustEntry(_bob, "BOB", Now, 0, TrustSource.Manual));
        var table = Table();
        table.Announced(_mallory, ["BOB", "MAL"], HostB, 2427);
        table.Announced(_mallory, ["BOB", "MAL"], HostB, 2427);
        var row = Assert.Single(table.Snapshot());
        Assert.Equal(_mallory, row.Id);
        Assert.Equal(["MAL"], row.Names);
        var warning = Assert.Single(_log.Lines, l => l.Contains("IDENTIFICATION HAS CHANGED", StringComparison.Ordinal));
        Assert.Contains(_mallory.ToString(), warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_listing_not_refreshed_for_90_seconds_is_dropped()
    {
        var table = Table();
        table.Announced(_bob, ["BOB"], HostB, 2427);
        _time.Advance(TimeSpan.FromSeconds(91));
        Assert.Empty(table.Snapshot());
    }

    [Fact]
    public void Static_peers_are_listed_and_become_both_when_they_announce()
    {
        var table = Table(8, ("10.13.0.2", 2427), ("far.example", 2427));
        Assert.All(table.Snapshot(), r => Assert.Equal(PeerTableSource.Static, r.Source));
        table.Announced(_bob, ["BOB"], HostB, 2427);
        var rows = table.Snapshot();
        Assert.Equal(2, rows.Count);
        Assert.Equal(PeerTableSource.Both, rows[0].Source);
        Assert.Equal(_bob, rows[0].Id);
        Assert.Equal(("far.example", PeerTableSource.Static), (rows[1].Address, rows[1].Source));
        Assert.Null(rows[1].Id);
    }

    [Fact]
    public void A_full_table_displaces_the_oldest_untrusted_node_but_never_a_trusted_one()
    {
        _trust.Add(new TrustEntry(_bob, "BOB", Now, 0, TrustSource.Manual));
        var table = Table(capacity: 2);
        Assert.True(table.Announced(_bob, ["BOB"], HostB, 2427));
        Assert.True(table.Announced(_mallory, ["MAL"], HostB, 2427));
        _time.Advance(TimeSpan.FromSeconds(1));
        var eve = NewId();
        Assert.True(table.Announced(eve, ["EVE"], HostB, 2427));
        var ids = table.Snapshot().Select(r => r.Id).ToList();
        Assert.Equal(2, ids.Count);
        Assert.Contains(_bob, ids);
        Assert.Contains(eve, ids);

        var full = Table(capacity: 1);
        Assert.True(full.Announced(_bob, ["BOB"], HostB, 2427));
        Assert.False(full.Announced(_mallory, ["MAL"], HostB, 2427));
        Assert.Equal(_bob, Assert.Single(full.Snapshot()).Id);
    }
}
