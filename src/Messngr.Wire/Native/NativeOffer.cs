using System.Collections.Immutable;

namespace Messngr.Wire.Native;

/// <summary>
/// The part HELLO and HELLO-ACK share (docs/native-protocol.md §5.1): what a node offers and
/// accepts on this connection. Grammar:
/// <c>TIME(i64) MAX-FRAME(u32) MAX-IN-FLIGHT(u16) CAPABILITIES(u32) NAMES</c>.
/// </summary>
public sealed record NativeOffer
{
    /// <summary>TIME + MAX-FRAME + MAX-IN-FLIGHT + CAPABILITIES + an empty NAMES.</summary>
    internal const int MinEncodedLength = 8 + 4 + 2 + 4 + 1;

    internal static readonly int MaxEncodedLength = MinEncodedLength - 1 + NativeNameList.MaxEncodedLength(NativeLimits.MaxHelloNames);

    private readonly int _namesLength;

    /// <param name="time">The sender's clock (ms since 1970, UTC), so that the peer can see skew.</param>
    /// <param name="maxFrameLength">The largest LENGTH this node accepts: 131072..262144.</param>
    /// <param name="maxInFlight">Unanswered requests this node accepts from the peer: 1..4096.</param>
    /// <param name="capabilities">Offers; unknown bits are ignored by the peer.</param>
    /// <param name="names">Names this node receives messages for (0..64 labels of 1..64 bytes).</param>
    public NativeOffer(long time, int maxFrameLength, int maxInFlight, NativeCapabilities capabilities, IEnumerable<string> names)
    {
        Time = NativeFields.CheckTime(time, nameof(time));
        if (maxFrameLength is < NativeLimits.MinAdvertisedFrameLength or > NativeLimits.MaxFrameLength)
        {
            throw new ArgumentOutOfRangeException(nameof(maxFrameLength), maxFrameLength, $"the advertised maximum frame must be {NativeLimits.MinAdvertisedFrameLength}..{NativeLimits.MaxFrameLength}");
        }

        if (maxInFlight is < 1 or > NativeLimits.MaxInFlight)
        {
            throw new ArgumentOutOfRangeException(nameof(maxInFlight), maxInFlight, $"max-in-flight must be 1..{NativeLimits.MaxInFlight}");
        }

        MaxFrameLength = maxFrameLength;
        MaxInFlight = maxInFlight;
        Capabilities = capabilities;
        (Names, _namesLength) = NativeNameList.Check(names, NativeLimits.MaxHelloNames, nameof(names));
    }

    public long Time { get; }

    public int MaxFrameLength { get; }

    public int MaxInFlight { get; }

    public NativeCapabilities Capabilities { get; }

    public ImmutableArray<string> Names { get; }

    internal int EncodedLength => MinEncodedLength - 1 + _namesLength;

    public bool Equals(NativeOffer? other) =>
        other is not null && Time == other.Time && MaxFrameLength == other.MaxFrameLength && MaxInFlight == other.MaxInFlight
        && Capabilities == other.Capabilities && Names.SequenceEqual(other.Names);

    public override int GetHashCode() => HashCode.Combine(Time, MaxFrameLength, MaxInFlight, Capabilities, Names.Length);

    internal static NativeOffer Read(ref WireReader reader)
    {
        var time = NativeFields.ReadTime(ref reader);
        var at = reader.AbsolutePosition;
        var maxFrame = reader.ReadUInt32BigEndian();
        if (maxFrame is < NativeLimits.MinAdvertisedFrameLength or > NativeLimits.MaxFrameLength)
        {
            throw new MalformedPacketException(PacketError.BadValue, at);
        }

        at = reader.AbsolutePosition;
        var maxInFlight = reader.ReadUInt16BigEndian();
        if (maxInFlight is < 1 or > NativeLimits.MaxInFlight)
        {
            throw new MalformedPacketException(PacketError.BadValue, at);
        }

        var capabilities = (NativeCapabilities)reader.ReadUInt32BigEndian();
        var names = NativeNameList.Read(ref reader, NativeLimits.MaxHelloNames);
        return new NativeOffer(time, (int)maxFrame, maxInFlight, capabilities, names);
    }

    internal void Write(ref WireWriter writer)
    {
        NativeFields.WriteTime(ref writer, Time);
        writer.WriteUInt32BigEndian((uint)MaxFrameLength);
        writer.WriteUInt16BigEndian((ushort)MaxInFlight);
        writer.WriteUInt32BigEndian((uint)Capabilities);
        NativeNameList.Write(ref writer, Names);
    }
}
