using System.Collections.Immutable;

namespace Messngr.Wire.Native;

/// <summary>
/// docs/native-protocol.md §5.1 HELLO (TYPE 0x01, STREAM-ID 0): the connecting node's first
/// frame, always sent in a version-1 frame. Grammar:
/// <c>VERSION-COUNT(u8, 1..16) VERSIONS(u8 each, strictly ascending, ≥ 1) OFFER</c>.
/// </summary>
public sealed record HelloFrame : NativeFrame
{
    internal const int MinPayload = 1 + 1 + NativeOffer.MinEncodedLength;

    internal static readonly int MaxPayload = 1 + NativeLimits.MaxVersions + NativeOffer.MaxEncodedLength;

    public HelloFrame(IEnumerable<byte> versions, NativeOffer offer) : base(0)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(offer);
        Versions = versions.ToImmutableArray();
        if (!VersionsValid(Versions))
        {
            throw new ArgumentException($"HELLO lists 1..{NativeLimits.MaxVersions} versions, each ≥ 1, strictly ascending", nameof(versions));
        }

        Offer = offer;
    }

    /// <summary>Protocol versions the node speaks, lowest first.</summary>
    public ImmutableArray<byte> Versions { get; }

    public NativeOffer Offer { get; }

    public override NativeFrameType Type => NativeFrameType.Hello;

    public override int PayloadLength => 1 + Versions.Length + Offer.EncodedLength;

    public bool Equals(HelloFrame? other) => other is not null && Versions.SequenceEqual(other.Versions) && Offer.Equals(other.Offer);

    public override int GetHashCode() => HashCode.Combine(Versions.Length, Offer);

    internal static HelloFrame ReadPayload(uint streamId, ref WireReader payload)
    {
        _ = streamId; // always 0, checked with the header
        var start = payload.AbsolutePosition;
        int count = payload.ReadByte();
        var versions = payload.ReadBytes(count).ToImmutableArray();
        if (!VersionsValid(versions))
        {
            throw new MalformedPacketException(count is 0 or > NativeLimits.MaxVersions ? PacketError.CountOutOfRange : PacketError.BadValue, start);
        }

        return new HelloFrame(versions, NativeOffer.Read(ref payload));
    }

    private protected override void WritePayload(ref WireWriter writer)
    {
        writer.WriteByte((byte)Versions.Length);
        writer.WriteBytes(Versions.AsSpan());
        Offer.Write(ref writer);
    }

    private static bool VersionsValid(ImmutableArray<byte> versions)
    {
        if (versions.Length is 0 or > NativeLimits.MaxVersions || versions[0] == 0)
        {
            return false;
        }

        for (var i = 1; i < versions.Length; i++)
        {
            if (versions[i] <= versions[i - 1])
            {
                return false;
            }
        }

        return true;
    }
}
