using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Native;
using Messngr.Daemon.Tests.Hosting;
using Messngr.Daemon.Tests.Users;
using Microsoft.Extensions.Time.Testing;

namespace Messngr.Daemon.Tests.Native;

/// <summary>Every verdict of <see cref="TrustPolicy"/> (issue #13, item 4).</summary>
public sealed class TrustPolicyTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 4, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly CapturingLogger _log = new();
    private readonly TrustStore _store;

    public TrustPolicyTests() => _store = TrustStore.Open(_directory.Path);

    public void Dispose() => _directory.Dispose();

    private TrustPolicy Policy(X509Certificate2? ca = null, bool tofu = false) => new(_store, ca, tofu, _time, _log);

    private static X509Certificate2 Node(DateTimeOffset? made = null)
    {
        using var key = NodeCertificates.NewKey();
        return NodeCertificates.SelfSigned(key, made ?? Now);
    }

    private void Pin(X509Certificate2 node, string? name) =>
        _store.Add(new TrustEntry(NodeId.FromCertificate(node), name, Now, 0, TrustSource.Manual));

    [Fact]
    public void A_pinned_node_is_trusted_manually()
    {
        using var bob = Node();
        Pin(bob, "BOB");
        var decision = Policy().Decide(bob, "bob");
        Assert.Equal(TrustVerdict.Trusted, decision.Verdict);
        Assert.Equal(TrustSource.Manual, decision.Source);
        Assert.True(decision.NameVerified);
        Assert.Equal(NodeId.FromCertificate(bob), decision.PeerId);
    }

    [Fact]
    public void An_unknown_node_is_refused_by_default_and_logged_with_how_to_trust_it()
    {
        using var stranger = Node();
        var decision = Policy().Decide(stranger, "STRANGER");
        Assert.Equal(TrustVerdict.Unknown, decision.Verdict);
        Assert.Contains($"messngr trust add {NodeId.FromCertificate(stranger)}", decision.Reason, StringComparison.Ordinal);
        Assert.Contains(_log.Lines, l => l.StartsWith("unknown node ", StringComparison.Ordinal));
        Assert.Empty(_store.All());
    }

    [Fact]
    public void A_pinned_name_presented_by_another_key_is_refused_as_changed_with_both_ids_logged()
    {
        using var bob = Node();
        using var mallory = Node();
        Pin(bob, "BOB");
        var decision = Policy(tofu: true).Decide(mallory, "BOB");
        Assert.Equal(TrustVerdict.Changed, decision.Verdict);
        Assert.Equal(NodeId.FromCertificate(bob), decision.PinnedId);
        var line = Assert.Single(_log.Lines);
        Assert.StartsWith("REMOTE NODE IDENTIFICATION HAS CHANGED: BOB", line, StringComparison.Ordinal);
        Assert.Contains(NodeId.FromCertificate(bob).ToString(), line, StringComparison.Ordinal);
        Assert.Contains(NodeId.FromCertificate(mallory).ToString(), line, StringComparison.Ordinal);
        // Trust on first use never pins a changed key.
        Assert.Null(_store.Find(NodeId.FromCertificate(mallory)));
    }

    [Fact]
    public void An_expired_certificate_is_refused_even_when_pinned()
    {
        using var old = Node(Now - NodeCertificates.Validity - TimeSpan.FromDays(1));
        Pin(old, null);
        Assert.Equal(TrustVerdict.Expired, Policy().Decide(old).Verdict);
    }

    [Fact]
    public void A_certificate_from_the_future_is_refused_beyond_the_clock_skew_and_accepted_within_it()
    {
        // notBefore is 5 min before "made": made 11 min ahead is 6 min ahead of us.
        using var ahead = Node(Now + TimeSpan.FromMinutes(11));
        Pin(ahead, null);
        Assert.Equal(TrustVerdict.NotYetValid, Policy().Decide(ahead).Verdict);

        using var slightly = Node(Now + TimeSpan.FromMinutes(9));
        Pin(slightly, null);
        Assert.Equal(TrustVerdict.Trusted, Policy().Decide(slightly).Verdict);
    }

    [Fact]
    public void A_certificate_that_expired_within_the_clock_skew_is_still_accepted()
    {
        using var node = Node();
        Pin(node, null);
        _time.SetUtcNow(new DateTimeOffset(node.NotAfter.ToUniversalTime()) + TimeSpan.FromMinutes(4));
        Assert.Equal(TrustVerdict.Trusted, Policy().Decide(node).Verdict);
        _time.SetUtcNow(new DateTimeOffset(node.NotAfter.ToUniversalTime()) + TimeSpan.FromMinutes(6));
        Assert.Equal(TrustVerdict.Expired, Policy().Decide(node).Verdict);
    }

    [Fact]
    public void Trust_on_first_use_pins_the_node_and_its_name()
    {
        using var carol = Node();
        var decision = Policy(tofu: true).Decide(carol, "carol");
        Assert.Equal(TrustVerdict.Trusted, decision.Verdict);
        Assert.Equal(TrustSource.Tofu, decision.Source);
        var entry = _store.Find(NodeId.FromCertificate(carol))!;
        Assert.Equal("CAROL", entry.Name);
        Assert.Equal(TrustSource.Tofu, entry.Source);
        // The second time it is in the list.
        Assert.Equal(TrustSource.Tofu, Policy().Decide(carol, "CAROL").Source);
    }

    [Fact]
    public void Trust_on_first_use_stops_at_a_full_list()
    {
        Directory.CreateDirectory(Path.Combine(_directory.Path, "small"));
        var store = TrustStore.Open(Path.Combine(_directory.Path, "small"), maxEntries: 1);
        using var first = Node();
        using var second = Node();
        var policy = new TrustPolicy(store, null, true, _time, _log);
        Assert.Equal(TrustVerdict.Trusted, policy.Decide(first).Verdict);
        var refused = policy.Decide(second);
        Assert.Equal(TrustVerdict.Unknown, refused.Verdict);
        Assert.Contains("full", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_certificate_signed_by_the_workgroup_ca_is_trusted_and_its_name_pinned()
    {
        var caDir = Path.Combine(_directory.Path, "ca");
        using var ca = WorkgroupCa.Init(caDir, Now);
        using var dave = Node();
        var nodeCert = Path.Combine(_directory.Path, "dave.pem");
        File.WriteAllText(nodeCert, dave.ExportCertificatePem());
        using var signed = WorkgroupCa.Sign(caDir, nodeCert, Path.Combine(_directory.Path, "dave-signed.pem"), Now);

        var decision = Policy(ca).Decide(signed, "DAVE");
        Assert.Equal(TrustVerdict.Trusted, decision.Verdict);
        Assert.Equal(TrustSource.Ca, decision.Source);
        Assert.Equal(NodeId.FromCertificate(dave), decision.PeerId);
        Assert.Equal(TrustSource.Ca, _store.FindByName("DAVE")!.Source);

        // The same node's self-signed certificate is not CA-signed: unknown.
        _store.Remove("DAVE");
        Assert.Equal(TrustVerdict.Unknown, Policy(ca).Decide(dave).Verdict);
    }

    [Fact]
    public void A_certificate_signed_by_another_ca_or_the_ca_itself_is_not_trusted()
    {
        using var ca = WorkgroupCa.Init(Path.Combine(_directory.Path, "ca"), Now);
        var otherDir = Path.Combine(_directory.Path, "other");
        using var other = WorkgroupCa.Init(otherDir, Now);
        using var eve = Node();
        var nodeCert = Path.Combine(_directory.Path, "eve.pem");
        File.WriteAllText(nodeCert, eve.ExportCertificatePem());
        using var signedByOther = WorkgroupCa.Sign(otherDir, nodeCert, Path.Combine(_directory.Path, "eve-signed.pem"), Now);

        Assert.Equal(TrustVerdict.Unknown, Policy(ca).Decide(signedByOther).Verdict);
        using var caOnly = X509CertificateLoader.LoadCertificate(ca.RawData);
        Assert.Equal(TrustVerdict.Unknown, Policy(ca).Decide(caOnly).Verdict);
    }

    [Fact]
    public void A_changed_name_wins_over_a_ca_signature()
    {
        var caDir = Path.Combine(_directory.Path, "ca");
        using var ca = WorkgroupCa.Init(caDir, Now);
        using var bob = Node();
        using var mallory = Node();
        Pin(bob, "BOB");
        var nodeCert = Path.Combine(_directory.Path, "m.pem");
        File.WriteAllText(nodeCert, mallory.ExportCertificatePem());
        using var signed = WorkgroupCa.Sign(caDir, nodeCert, Path.Combine(_directory.Path, "m-signed.pem"), Now);
        Assert.Equal(TrustVerdict.Changed, Policy(ca).Decide(signed, "BOB").Verdict);
    }

    [Fact]
    public void A_non_ca_certificate_cannot_be_the_workgroup_ca()
    {
        using var node = Node();
        Assert.Throws<ArgumentException>(() => Policy(node));
    }

    [Fact]
    public void An_expired_workgroup_ca_vouches_for_nobody()
    {
        var caDir = Path.Combine(_directory.Path, "ca");
        using var ca = WorkgroupCa.Init(caDir, Now);
        using var dave = Node();
        var nodeCert = Path.Combine(_directory.Path, "dave.pem");
        File.WriteAllText(nodeCert, dave.ExportCertificatePem());
        using var signed = WorkgroupCa.Sign(caDir, nodeCert, Path.Combine(_directory.Path, "dave-signed.pem"), Now);
        // The issued certificate ends with the CA; one minute inside the skew past both, refused by the leaf check first.
        Assert.True(signed.NotAfter <= ca.NotAfter);
        _time.SetUtcNow(new DateTimeOffset(ca.NotAfter.ToUniversalTime()) + TimeSpan.FromMinutes(10));
        Assert.NotEqual(TrustVerdict.Trusted, Policy(ca).Decide(signed).Verdict);
    }
}
