using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Native;
using Messngr.Wire.Native;
using Microsoft.Extensions.Time.Testing;

namespace Messngr.Daemon.Tests.Native;

/// <summary>docs/native-protocol.md §9.3 checks 1–5 and §9.5 replay bounds, as <see cref="DiscoveryVerifier"/> applies them (issue #13, item 5).</summary>
public sealed class DiscoveryVerifierTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 5, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly X509Certificate2 _bob = Node();
    private readonly X509Certificate2 _mallory = Node();

    public void Dispose()
    {
        _bob.Dispose();
        _mallory.Dispose();
    }

    private static X509Certificate2 Node()
    {
        using var key = NodeCertificates.NewKey();
        return NodeCertificates.SelfSigned(key, Now);
    }

    private DiscoveryVerifier Verifier(int capacity = 16) => new(capacity, _time);

    [Fact]
    public void A_signed_announce_from_the_announcer_is_accepted_with_its_certificate()
    {
        var bytes = new DiscoveryAnnouncer(_bob, _time).Build(2427, ["BOB", "BOBBY"]);
        Assert.Null(Verifier().Check(bytes, out var datagram, out var certificate));
        using (certificate)
        {
            var announce = Assert.IsType<AnnounceDatagram>(datagram);
            Assert.Equal(["BOB", "BOBBY"], announce.Names.ToArray());
            Assert.Equal(2427, announce.Port);
            Assert.Equal(NodeId.FromCertificate(_bob), NodeId.FromCertificate(certificate!));
        }
    }

    [Fact]
    public void A_flipped_signature_byte_is_rejected_as_signature()
    {
        var bytes = new DiscoveryAnnouncer(_bob, _time).Build(2427, ["BOB"]);
        bytes[^1] ^= 0x01;
        Assert.Equal(DiscoveryRejection.Signature, Verifier().Check(bytes, out _, out var certificate));
        Assert.Null(certificate);
    }

    [Fact]
    public void An_announce_signed_by_another_key_is_rejected_as_signature()
    {
        // Mallory signs bob's node id and certificate with her own key.
        var announce = Parse(new DiscoveryAnnouncer(_bob, _time).Build(2427, ["BOB"]));
        var signed = announce.GetSignedBytes();
        using var key = _mallory.GetECDsaPrivateKey()!;
        var forged = new AnnounceDatagram(announce.Timestamp, announce.Sequence, announce.Port, announce.NodeId.AsSpan(), announce.Names, announce.Certificate.AsSpan(), DiscoverySignature.Sign(key, signed));
        Assert.Equal(DiscoveryRejection.Signature, Verifier().Check(forged.ToArray(), out _, out _));
    }

    [Fact]
    public void A_node_id_that_is_not_the_certificate_key_hash_is_rejected_as_certificate()
    {
        // Mallory claims bob's node id but carries (and signs with) her own certificate.
        var mine = Parse(new DiscoveryAnnouncer(_mallory, _time).Build(2427, ["BOB"]));
        var bobId = NodeId.FromCertificate(_bob).Hash();
        var signed = AnnounceDatagram.GetSignedBytes(mine.Timestamp, mine.Sequence, mine.Port, bobId, mine.Names, mine.Certificate.AsSpan());
        using var key = _mallory.GetECDsaPrivateKey()!;
        var forged = new AnnounceDatagram(mine.Timestamp, mine.Sequence, mine.Port, bobId, mine.Names, mine.Certificate.AsSpan(), DiscoverySignature.Sign(key, signed));
        Assert.Equal(DiscoveryRejection.Certificate, Verifier().Check(forged.ToArray(), out _, out _));
    }

    [Fact]
    public void A_certificate_that_is_not_x509_is_rejected_as_certificate()
    {
        var announce = Parse(new DiscoveryAnnouncer(_bob, _time).Build(2427, ["BOB"]));
        var bad = new AnnounceDatagram(announce.Timestamp, announce.Sequence, announce.Port, announce.NodeId.AsSpan(), announce.Names, [1, 2, 3], announce.Signature.AsSpan());
        Assert.Equal(DiscoveryRejection.Certificate, Verifier().Check(bad.ToArray(), out _, out _));
    }

    [Fact]
    public void An_announce_older_than_the_window_is_rejected_as_timestamp_and_so_is_one_from_the_future()
    {
        var announcer = new DiscoveryAnnouncer(_bob, _time);
        var old = announcer.Build(2427, ["BOB"]);
        _time.SetUtcNow(Now.AddSeconds(301));
        Assert.Equal(DiscoveryRejection.Timestamp, Verifier().Check(old, out _, out _));
        Assert.Equal(DiscoveryRejection.Timestamp, new DiscoveryVerifier(16, new FakeTimeProvider(Now.AddSeconds(-301))).Check(old, out _, out _));
        Assert.Null(new DiscoveryVerifier(16, new FakeTimeProvider(Now.AddSeconds(299))).Check(old, out _, out var certificate));
        certificate?.Dispose();
    }

    [Fact]
    public void A_replayed_or_older_sequence_is_rejected_as_replay_and_a_newer_one_accepted()
    {
        var announcer = new DiscoveryAnnouncer(_bob, _time);
        var first = announcer.Build(2427, ["BOB"]);
        var second = announcer.Build(2427, ["BOB"]);
        var verifier = Verifier();
        Assert.Null(verifier.Check(second, out _, out var a));
        a?.Dispose();
        Assert.Equal(DiscoveryRejection.Replay, verifier.Check(second, out _, out _));
        Assert.Equal(DiscoveryRejection.Replay, verifier.Check(first, out _, out _));
        Assert.Null(verifier.Check(announcer.Build(2427, ["BOB"]), out _, out var b));
        b?.Dispose();
    }

    [Fact]
    public void A_full_replay_table_refuses_a_new_node_instead_of_forgetting_a_live_one()
    {
        var verifier = Verifier(capacity: 1);
        Assert.Null(verifier.Check(new DiscoveryAnnouncer(_bob, _time).Build(2427, ["BOB"]), out _, out var a));
        a?.Dispose();
        Assert.Equal(DiscoveryRejection.TableFull, verifier.Check(new DiscoveryAnnouncer(_mallory, _time).Build(2427, ["MAL"]), out _, out _));
        _time.Advance(DiscoveryVerifier.ReplayMemory + TimeSpan.FromSeconds(1));
        Assert.Null(verifier.Check(new DiscoveryAnnouncer(_mallory, _time).Build(2427, ["MAL"]), out _, out var b));
        b?.Dispose();
        Assert.Equal(1, verifier.Remembered);
    }

    [Fact]
    public void Garbage_is_rejected_as_malformed_and_a_probe_parses()
    {
        Assert.Equal(DiscoveryRejection.Malformed, Verifier().Check("MSGR\u0001\u0009"u8, out _, out _));
        Assert.Null(Verifier().Check(new ProbeDatagram(Now.ToUnixTimeMilliseconds(), []).ToArray(), out var probe, out _));
        Assert.IsType<ProbeDatagram>(probe);
    }

    private static AnnounceDatagram Parse(byte[] bytes)
    {
        Assert.True(DiscoveryDatagram.TryParse(bytes, out var datagram, out _));
        return Assert.IsType<AnnounceDatagram>(datagram);
    }
}
