using System.Net;
using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Native;
using Messngr.Daemon.Tests.Hosting;
using Messngr.Daemon.Tests.Users;

namespace Messngr.Daemon.Tests.Native;

/// <summary>The TLS peer check of a running node is its trust policy (issue #13, items 3 and 4).</summary>
public sealed class TrustPeerVerifierTests : IDisposable
{
    private static readonly IPEndPoint Remote = new(IPAddress.Loopback, 2426);
    private readonly TempDirectory _dir = new();
    private readonly CapturingLogger _log = new();
    private readonly TrustStore _store;
    private readonly X509Certificate2 _bob = TlsTestCertificates.Create("bob");
    private readonly X509Certificate2 _mallory = TlsTestCertificates.Create("mallory");

    public TrustPeerVerifierTests()
    {
        _store = TrustStore.Open(_dir.Path);
        _store.Add(new TrustEntry(NodeId.FromCertificate(_bob), "BOB", DateTimeOffset.UtcNow, 0, TrustSource.Manual));
    }

    private TrustPeerVerifier Verifier() => new(new TrustPolicy(_store, null, false, TimeProvider.System, _log));

    [Fact]
    public void A_pinned_node_is_accepted_in_both_roles_and_an_unknown_one_refused_with_the_trust_command()
    {
        Assert.True(Verifier().Verify(_bob, Remote, TlsRole.Server, null).Accepted);
        Assert.True(Verifier().Verify(_bob, Remote, TlsRole.Client, "127.0.0.1").Accepted);
        var refused = Verifier().Verify(_mallory, Remote, TlsRole.Server, null);
        Assert.False(refused.Accepted);
        Assert.Contains($"messngr trust add {NodeId.FromCertificate(_mallory)}", refused.Reason, StringComparison.Ordinal);
        Assert.Contains(_log.Lines, l => l.StartsWith("unknown node ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_trusted_node_answering_for_another_node_id_is_refused()
    {
        _store.Add(new TrustEntry(NodeId.FromCertificate(_mallory), "MALLORY", DateTimeOffset.UtcNow, 0, TrustSource.Manual));
        var verdict = Verifier().Verify(_mallory, Remote, TlsRole.Client, NodeId.FromCertificate(_bob).ToString());
        Assert.False(verdict.Accepted);
        Assert.Contains("answered", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_that_is_not_the_one_pinned_to_the_name_we_want_is_refused_as_changed()
    {
        _store.Add(new TrustEntry(NodeId.FromCertificate(_mallory), null, DateTimeOffset.UtcNow, 0, TrustSource.Manual));
        var verdict = Verifier().ForName("bob").Verify(_mallory, Remote, TlsRole.Client, "127.0.0.1");
        Assert.False(verdict.Accepted);
        Assert.Contains("BOB is pinned to node", verdict.Reason, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _bob.Dispose();
        _mallory.Dispose();
        _dir.Dispose();
    }
}
