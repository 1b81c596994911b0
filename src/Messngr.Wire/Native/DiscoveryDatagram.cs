using System.Buffers.Binary;

namespace Messngr.Wire.Native;

/// <summary>
/// docs/native-protocol.md §9.2: a LAN discovery datagram on UDP 2426, the codec root of the
/// discovery socket. Grammar: <c>MAGIC("MSGR") VERSION(u8 = 1) TYPE(u8) BODY</c>; the whole
/// datagram is at most <see cref="MaxDatagramLength"/> bytes. Bad datagrams are dropped, never
/// answered (a reply to a spoofed source is an amplifier).
/// </summary>
public abstract record DiscoveryDatagram : IWirePacket<DiscoveryDatagram>
{
    /// <summary>"MSGR" read as a big-endian u32.</summary>
    public const uint Magic = 0x4D534752;

    public const int HeaderLength = 6;

    /// <summary>Largest datagram a node sends or reads.</summary>
    public const int MaxDatagramLength = 8192;

    private protected DiscoveryDatagram() { }

    public abstract DiscoveryType Type { get; }

    public abstract int BodyLength { get; }

    public int EncodedLength => HeaderLength + BodyLength;

    /// <summary>Parses one whole datagram; anything longer than <see cref="MaxDatagramLength"/> is refused unread.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out DiscoveryDatagram? datagram, out PacketError error)
    {
        if (bytes.Length > MaxDatagramLength)
        {
            datagram = null;
            error = PacketError.LengthOutOfRange;
            return false;
        }

        return WirePacket.TryParse(bytes, out datagram, out error);
    }

    public static DiscoveryDatagram Read(ref WireReader reader)
    {
        var start = reader.AbsolutePosition;
        if (reader.Remaining > MaxDatagramLength)
        {
            throw new MalformedPacketException(PacketError.LengthOutOfRange, start);
        }

        if (reader.ReadUInt32BigEndian() != Magic)
        {
            throw new MalformedPacketException(PacketError.BadMagic, start);
        }

        if (reader.ReadByte() != NativeLimits.Version1)
        {
            throw new MalformedPacketException(PacketError.Unsupported, start + 4);
        }

        return (DiscoveryType)reader.ReadByte() switch
        {
            DiscoveryType.Announce => AnnounceDatagram.ReadBody(ref reader),
            DiscoveryType.Probe => ProbeDatagram.ReadBody(ref reader),
            _ => throw new MalformedPacketException(PacketError.UnknownType, start + 5),
        };
    }

    public void Write(ref WireWriter writer)
    {
        WriteHeader(ref writer, Type);
        WriteBody(ref writer);
    }

    public byte[] ToArray() => WirePacket.ToArray(this);

    private protected abstract void WriteBody(ref WireWriter writer);

    private protected static void WriteHeader(ref WireWriter writer, DiscoveryType type)
    {
        BinaryPrimitives.WriteUInt32BigEndian(writer.Reserve(4), Magic);
        writer.WriteByte(NativeLimits.Version1);
        writer.WriteByte((byte)type);
    }
}
