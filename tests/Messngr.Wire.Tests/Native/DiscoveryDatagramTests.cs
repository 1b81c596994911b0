using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Messngr.Wire.Native;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.Native;

public class DiscoveryDatagramTests
{
    private static bool Parse(ReadOnlySpan<byte> bytes, out DiscoveryDatagram? datagram, out PacketError error) => DiscoveryDatagram.TryParse(bytes, out datagram, out error);

    private static PacketError Refuse(byte[] bytes)
    {
        Assert.False(DiscoveryDatagram.TryParse(bytes, out _, out var error));
        return error;
    }

    [Fact]
    public void The_documented_probe_parses_writes_back_and_rejects_every_prefix()
    {
        var probe = Golden.Check<DiscoveryDatagram>(Hex.Parse(NativeExamples.ProbeHex), Parse, d => d.ToArray());
        Assert.Equal(NativeExamples.Probe, probe);
    }

    [Fact]
    public void The_documented_announce_parses_writes_back_and_rejects_every_prefix()
    {
        var announce = Assert.IsType<AnnounceDatagram>(Golden.Check<DiscoveryDatagram>(Hex.Parse(NativeExamples.AnnounceHex), Parse, d => d.ToArray()));
        Assert.Equal(NativeExamples.Announce, announce);
        Assert.Equal((7ul, (ushort)2426), (announce.Sequence, announce.Port));
        Assert.Equal(new[] { "BOB", "BOB-PC" }, announce.Names.ToArray());
    }

    [Fact]
    public void The_signed_bytes_are_the_context_then_the_datagram_up_to_the_certificate()
    {
        var bytes = Hex.Parse(NativeExamples.AnnounceHex);
        var signed = NativeExamples.Announce.GetSignedBytes();
        Assert.Equal("messngr-announce-v1\0"u8.ToArray(), signed[..20]);
        Assert.Equal(bytes[..^6], signed[20..]); // all but SIG-LENGTH and the 4 signature bytes
    }

    [Fact]
    public void A_real_node_key_signs_an_announce_that_a_receiver_verifies_and_binds_to_the_node_id()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = new CertificateRequest("CN=messngr node", key, HashAlgorithmName.SHA384);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddYears(1));
        var der = certificate.RawData;
        var nodeId = SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo());

        var toSign = AnnounceDatagram.GetSignedBytes(NativeExamples.T, 1, 2426, nodeId, ["BOB"], der);
        var signature = key.SignData(toSign, HashAlgorithmName.SHA384);
        var wire = new AnnounceDatagram(NativeExamples.T, 1, 2426, nodeId, ["BOB"], der, signature).ToArray();

        Assert.True(DiscoveryDatagram.TryParse(wire, out var parsed, out var error), error.ToString());
        var announce = (AnnounceDatagram)parsed!;
        using var received = X509CertificateLoader.LoadCertificate(announce.Certificate.AsSpan());
        using var publicKey = received.GetECDsaPublicKey()!;
        Assert.True(publicKey.VerifyData(announce.GetSignedBytes(), announce.Signature.AsSpan(), HashAlgorithmName.SHA384));
        Assert.Equal(nodeId, SHA256.HashData(received.PublicKey.ExportSubjectPublicKeyInfo()));

        // Binding BOB to another port (or another node) breaks the signature.
        var forged = new AnnounceDatagram(announce.Timestamp, announce.Sequence, 2427, announce.NodeId.AsSpan(), announce.Names, announce.Certificate.AsSpan(), announce.Signature.AsSpan());
        Assert.False(publicKey.VerifyData(forged.GetSignedBytes(), forged.Signature.AsSpan(), HashAlgorithmName.SHA384));
    }

    [Theory]
    [InlineData(0, "4d 53 47 53")] // magic
    public void A_wrong_magic_is_bad_magic(int offset, string hex)
    {
        var bytes = Hex.Parse(NativeExamples.ProbeHex);
        Hex.Parse(hex).CopyTo(bytes, offset);
        Assert.Equal(PacketError.BadMagic, Refuse(bytes));
    }

    [Fact]
    public void An_unknown_version_or_type_is_refused()
    {
        var bytes = Hex.Parse(NativeExamples.ProbeHex);
        bytes[4] = 2;
        Assert.Equal(PacketError.Unsupported, Refuse(bytes));
        bytes[4] = 1;
        bytes[5] = 3;
        Assert.Equal(PacketError.UnknownType, Refuse(bytes));
    }

    [Fact]
    public void A_datagram_over_8192_bytes_is_refused_unread()
    {
        byte[] bytes = [.. Hex.Parse(NativeExamples.AnnounceHex), .. new byte[8192]];
        Assert.Equal(PacketError.LengthOutOfRange, Refuse(bytes));
    }

    [Theory]
    [InlineData(22, "00 00")] // port 0
    public void An_announce_for_port_0_is_a_bad_value(int offset, string hex)
    {
        var bytes = Hex.Parse(NativeExamples.AnnounceHex);
        Hex.Parse(hex).CopyTo(bytes, offset);
        Assert.Equal(PacketError.BadValue, Refuse(bytes));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4097)]
    public void A_certificate_length_outside_1_to_4096_is_out_of_range(int length)
    {
        var bytes = Hex.Parse(NativeExamples.AnnounceHex);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(68), (ushort)length);
        Assert.Equal(PacketError.LengthOutOfRange, Refuse(bytes));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(513)]
    public void A_signature_length_outside_1_to_512_is_out_of_range(int length)
    {
        var bytes = Hex.Parse(NativeExamples.AnnounceHex);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(75), (ushort)length);
        Assert.Equal(PacketError.LengthOutOfRange, Refuse(bytes));
    }

    [Fact]
    public void Too_many_names_are_a_count_out_of_range()
    {
        var announce = Hex.Parse(NativeExamples.AnnounceHex);
        announce[56] = 33;
        Assert.Equal(PacketError.CountOutOfRange, Refuse(announce));
        var probe = Hex.Parse(NativeExamples.ProbeHex);
        probe[14] = 17;
        Assert.Equal(PacketError.CountOutOfRange, Refuse(probe));
    }

    [Fact]
    public void Misuse_is_refused_when_built()
    {
        var id = new byte[32];
        Assert.Throws<ArgumentException>(() => new AnnounceDatagram(0, 0, 1, new byte[31], [], [1], [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnnounceDatagram(0, 0, 0, id, [], [1], [1]));
        Assert.Throws<ArgumentException>(() => new AnnounceDatagram(0, 0, 1, id, [], [], [1]));
        Assert.Throws<ArgumentException>(() => new AnnounceDatagram(0, 0, 1, id, [], new byte[4097], [1]));
        Assert.Throws<ArgumentException>(() => new AnnounceDatagram(0, 0, 1, id, [], [1], new byte[513]));
        Assert.Throws<ArgumentException>(() => new AnnounceDatagram(0, 0, 1, id, Enumerable.Repeat("N", 33), [1], [1]));
        Assert.Throws<ArgumentException>(() => new ProbeDatagram(0, Enumerable.Repeat("N", 17)));
    }

    [Fact]
    public void Mutated_and_random_datagrams_never_throw()
    {
        Hostile.Mutate<DiscoveryDatagram>(Hex.Parse(NativeExamples.AnnounceHex), DiscoveryDatagram.TryParse);
        Hostile.Mutate<DiscoveryDatagram>(Hex.Parse(NativeExamples.ProbeHex), DiscoveryDatagram.TryParse);
    }
}
