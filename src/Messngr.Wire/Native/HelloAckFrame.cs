namespace Messngr.Wire.Native;

/// <summary>
/// docs/native-protocol.md §5.2 HELLO-ACK (TYPE 0x02, STREAM-ID 0): the accepting node's answer
/// to HELLO, naming the version both use from now on. Grammar: <c>VERSION(u8, ≥ 1) OFFER</c>.
/// </summary>
public sealed record HelloAckFrame : NativeFrame
{
    internal const int MinPayload = 1 + NativeOffer.MinEncodedLength;

    internal static readonly int MaxPayload = 1 + NativeOffer.MaxEncodedLength;

    public HelloAckFrame(byte version, NativeOffer offer) : base(0)
    {
        ArgumentNullException.ThrowIfNull(offer);
        Version = version != 0 ? version : throw new ArgumentOutOfRangeException(nameof(version), version, "version 0 does not exist");
        Offer = offer;
    }

    /// <summary>The highest version both HELLO and this node list.</summary>
    public byte Version { get; }

    public NativeOffer Offer { get; }

    public override NativeFrameType Type => NativeFrameType.HelloAck;

    public override int PayloadLength => 1 + Offer.EncodedLength;

    internal static HelloAckFrame ReadPayload(uint streamId, ref WireReader payload)
    {
        _ = streamId;
        var start = payload.AbsolutePosition;
        var version = payload.ReadByte();
        if (version == 0)
        {
            throw new MalformedPacketException(PacketError.BadValue, start);
        }

        return new HelloAckFrame(version, NativeOffer.Read(ref payload));
    }

    private protected override void WritePayload(ref WireWriter writer)
    {
        writer.WriteByte(Version);
        Offer.Write(ref writer);
    }
}
