using System.Collections.Immutable;
using System.Text;

namespace Messngr.Wire.Native;

/// <summary>
/// docs/native-protocol.md §9.3 ANNOUNCE: "node NODE-ID serves NAMES on TCP PORT", signed by the
/// node's key and carrying its certificate so that a receiver can check both the signature and
/// that NODE-ID = SHA-256(the certificate's SubjectPublicKeyInfo). Grammar:
/// <c>TIMESTAMP(i64) SEQUENCE(u64) PORT(u16 ≠ 0) NODE-ID(32) NAMES(COUNT u8 0..32, STR8 labels)
/// CERT-LENGTH(u16 1..4096) CERTIFICATE(DER) SIG-LENGTH(u16 1..512) SIGNATURE</c>.
/// This codec checks the layout only; the signature and the id are the daemon's to verify,
/// over <see cref="GetSignedBytes()"/>.
/// </summary>
public sealed record AnnounceDatagram : DiscoveryDatagram
{
    public const int NodeIdLength = 32;

    public const int MaxNames = 32;

    public const int MaxCertificateLength = 4096;

    public const int MaxSignatureLength = 512;

    /// <summary>The domain-separation prefix of the signed bytes: ASCII "messngr-announce-v1" and a NUL.</summary>
    public static ReadOnlySpan<byte> SignatureContext => "messngr-announce-v1\0"u8;

    private readonly int _namesLength;

    public AnnounceDatagram(long timestamp, ulong sequence, ushort port, ReadOnlySpan<byte> nodeId, IEnumerable<string> names, ReadOnlySpan<byte> certificate, ReadOnlySpan<byte> signature)
    {
        Timestamp = NativeFields.CheckTime(timestamp, nameof(timestamp));
        Sequence = sequence;
        Port = port != 0 ? port : throw new ArgumentOutOfRangeException(nameof(port), port, "an announced port cannot be 0");
        NodeId = nodeId.Length == NodeIdLength ? [.. nodeId] : throw new ArgumentException($"a node id is {NodeIdLength} bytes, got {nodeId.Length}", nameof(nodeId));
        (Names, _namesLength) = NativeNameList.Check(names, MaxNames, nameof(names));
        Certificate = certificate.Length is >= 1 and <= MaxCertificateLength ? [.. certificate] : throw new ArgumentException($"a certificate is 1..{MaxCertificateLength} bytes, got {certificate.Length}", nameof(certificate));
        Signature = signature.Length is >= 1 and <= MaxSignatureLength ? [.. signature] : throw new ArgumentException($"a signature is 1..{MaxSignatureLength} bytes, got {signature.Length}", nameof(signature));
    }

    /// <summary>The sender's clock (ms since 1970, UTC); receivers accept it within a window (§9.5).</summary>
    public long Timestamp { get; }

    /// <summary>Orders announcements with the same TIMESTAMP; (TIMESTAMP, SEQUENCE) must grow (§9.5).</summary>
    public ulong Sequence { get; }

    /// <summary>The node's native TCP port.</summary>
    public ushort Port { get; }

    /// <summary>SHA-256 of the certificate's SubjectPublicKeyInfo (the node id's hash).</summary>
    public ImmutableArray<byte> NodeId { get; }

    public ImmutableArray<string> Names { get; }

    /// <summary>The node's X.509 certificate, DER.</summary>
    public ImmutableArray<byte> Certificate { get; }

    /// <summary>ECDSA over <see cref="GetSignedBytes()"/> with the certificate's key, IEEE P1363 (r‖s).</summary>
    public ImmutableArray<byte> Signature { get; }

    public override DiscoveryType Type => DiscoveryType.Announce;

    public override int BodyLength => SignedBodyLength(_namesLength, Certificate.Length) + 2 + Signature.Length;

    /// <summary>What the signature covers: <see cref="SignatureContext"/> then this datagram up to the end of CERTIFICATE.</summary>
    public byte[] GetSignedBytes() => GetSignedBytes(Timestamp, Sequence, Port, NodeId.AsSpan(), Names, Certificate.AsSpan());

    /// <summary>The bytes a node signs before it can build its ANNOUNCE (same fields, no signature yet).</summary>
    public static byte[] GetSignedBytes(long timestamp, ulong sequence, ushort port, ReadOnlySpan<byte> nodeId, IEnumerable<string> names, ReadOnlySpan<byte> certificate)
    {
        // Validate through the constructor with a placeholder signature, then write the covered part.
        var probe = new AnnounceDatagram(timestamp, sequence, port, nodeId, names, certificate, [0]);
        var bytes = new byte[SignatureContext.Length + HeaderLength + SignedBodyLength(probe._namesLength, certificate.Length)];
        SignatureContext.CopyTo(bytes);
        var writer = new WireWriter(bytes.AsSpan(SignatureContext.Length));
        WriteHeader(ref writer, DiscoveryType.Announce);
        probe.WriteSignedBody(ref writer);
        return bytes;
    }

    public bool Equals(AnnounceDatagram? other) =>
        other is not null && Timestamp == other.Timestamp && Sequence == other.Sequence && Port == other.Port
        && NodeId.SequenceEqual(other.NodeId) && Names.SequenceEqual(other.Names)
        && Certificate.SequenceEqual(other.Certificate) && Signature.SequenceEqual(other.Signature);

    public override int GetHashCode() => HashCode.Combine(Timestamp, Sequence, Port, Names.Length, Certificate.Length);

    public override string ToString() =>
        new StringBuilder("AnnounceDatagram { ").Append($"Timestamp = {Timestamp}, Sequence = {Sequence}, Port = {Port}, NodeId = {Convert.ToHexString(NodeId.AsSpan())}, Names = [{string.Join(", ", Names)}] }}").ToString();

    internal static AnnounceDatagram ReadBody(ref WireReader reader)
    {
        var timestamp = NativeFields.ReadTime(ref reader);
        var sequence = NativeFields.ReadUInt64(ref reader);
        var at = reader.AbsolutePosition;
        var port = reader.ReadUInt16BigEndian();
        if (port == 0)
        {
            throw new MalformedPacketException(PacketError.BadValue, at);
        }

        var nodeId = reader.ReadBytes(NodeIdLength);
        var names = NativeNameList.Read(ref reader, MaxNames);
        var certificate = ReadBlob(ref reader, MaxCertificateLength);
        var signature = ReadBlob(ref reader, MaxSignatureLength);
        return new AnnounceDatagram(timestamp, sequence, port, nodeId, names, certificate, signature);
    }

    private protected override void WriteBody(ref WireWriter writer)
    {
        WriteSignedBody(ref writer);
        writer.WriteUInt16BigEndian((ushort)Signature.Length);
        writer.WriteBytes(Signature.AsSpan());
    }

    private static int SignedBodyLength(int namesLength, int certificateLength) => 8 + 8 + 2 + NodeIdLength + namesLength + 2 + certificateLength;

    private static ReadOnlySpan<byte> ReadBlob(ref WireReader reader, int max)
    {
        var at = reader.AbsolutePosition;
        var length = reader.ReadUInt16BigEndian();
        if (length < 1 || length > max)
        {
            throw new MalformedPacketException(PacketError.LengthOutOfRange, at);
        }

        return reader.ReadBytes(length);
    }

    private void WriteSignedBody(ref WireWriter writer)
    {
        NativeFields.WriteTime(ref writer, Timestamp);
        NativeFields.WriteUInt64(ref writer, Sequence);
        writer.WriteUInt16BigEndian(Port);
        writer.WriteBytes(NodeId.AsSpan());
        NativeNameList.Write(ref writer, Names);
        writer.WriteUInt16BigEndian((ushort)Certificate.Length);
        writer.WriteBytes(Certificate.AsSpan());
    }
}
