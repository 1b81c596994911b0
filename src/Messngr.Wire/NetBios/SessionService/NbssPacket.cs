namespace Messngr.Wire.NetBios.SessionService;

/// <summary>
/// RFC 1002 4.3.1 NetBIOS session packet (protocols.md §5.1), the codec root of TCP 139:
/// <c>TYPE(1) FLAGS(1) LENGTH(2, BE) body</c>, where FLAGS bit 0 (E) is a 17th length bit and
/// every other FLAGS bit must be zero. One subtype per TYPE; <see cref="TryParse"/> reads one
/// complete frame, <see cref="TryReadFrame"/> cuts frames out of a TCP byte stream.
/// </summary>
public abstract partial record NbssPacket : IWirePacket<NbssPacket>
{
    /// <summary>TYPE, FLAGS and LENGTH.</summary>
    public const int HeaderLength = 4;

    /// <summary>Largest body the 17-bit length can declare (Samba <c>smb_len_nbt</c> mask 0x1FFFF).</summary>
    public const int MaxBodyLength = 0x1FFFF;

    /// <summary>FLAGS bit 0: the E (length extension) bit.</summary>
    internal const byte ExtensionFlag = 0x01;

    private protected NbssPacket() { }

    public abstract NbssPacketType Type { get; }

    /// <summary>The LENGTH field's value: bytes after the 4-byte header.</summary>
    public abstract int BodyLength { get; }

    public int EncodedLength => HeaderLength + BodyLength;

    /// <summary>Parses exactly one complete frame (header and the body it declares, nothing more).</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out NbssPacket? value, out PacketError error) =>
        WirePacket.TryParse(bytes, out value, out error);

    public static NbssPacket Read(ref WireReader reader)
    {
        var start = reader.Position;
        var header = reader.ReadBytes(HeaderLength);
        var error = CheckHeader(header, MaxBodyLength, out var length);
        if (error != PacketError.None)
        {
            reader.Seek(start);
            reader.Fail(error);
        }

        var body = reader.ReadSubReader(length);
        NbssPacket packet = (NbssPacketType)header[0] switch
        {
            NbssPacketType.SessionMessage => SessionMessagePacket.ReadBody(ref body),
            NbssPacketType.SessionRequest => SessionRequestPacket.ReadBody(ref body),
            NbssPacketType.PositiveSessionResponse => PositiveSessionResponsePacket.Instance,
            NbssPacketType.NegativeSessionResponse => new NegativeSessionResponsePacket((NbssErrorCode)body.ReadByte()),
            NbssPacketType.RetargetSessionResponse => RetargetSessionResponsePacket.ReadBody(ref body),
            _ => SessionKeepAlivePacket.Instance,
        };

        if (!body.IsAtEnd)
        {
            body.Fail(PacketError.TrailingBytes);
        }

        return packet;
    }

    public void Write(ref WireWriter writer)
    {
        var length = BodyLength;
        writer.WriteByte((byte)Type);
        writer.WriteByte((byte)(length >> 16));
        writer.WriteUInt16BigEndian((ushort)length);
        WriteBody(ref writer);
    }

    /// <summary>Encodes the whole frame into a new array.</summary>
    public byte[] ToArray() => WirePacket.ToArray(this);

    private protected abstract void WriteBody(ref WireWriter writer);

    /// <summary>
    /// Checks a 4-byte header on its own, so that a stream reader can refuse a frame before
    /// waiting for its body: unknown TYPE, reserved FLAGS bits, a length above
    /// <paramref name="maxLength"/>, or a length the TYPE does not allow.
    /// </summary>
    internal static PacketError CheckHeader(ReadOnlySpan<byte> header, int maxLength, out int length)
    {
        var flags = header[1];
        length = ((flags & ExtensionFlag) << 16) | (header[2] << 8) | header[3];
        if ((flags & ~ExtensionFlag) != 0)
        {
            return PacketError.BadValue;
        }

        var type = (NbssPacketType)header[0];
        if (!Enum.IsDefined(type))
        {
            return PacketError.UnknownType;
        }

        if (length > maxLength)
        {
            return PacketError.LengthOutOfRange;
        }

        var lengthAllowed = type switch
        {
            NbssPacketType.SessionMessage => true,
            // Two encoded names of 34..255 bytes each (RFC 1002 4.1, no label pointers in NBSS).
            NbssPacketType.SessionRequest => length is >= 2 * NetBiosNameCodec.EncodedLengthWithoutScope and <= 2 * NetBiosNameCodec.MaxEncodedLength,
            NbssPacketType.NegativeSessionResponse => length == 1,
            NbssPacketType.RetargetSessionResponse => length == RetargetSessionResponsePacket.BodyBytes,
            _ => length == 0, // positive response, keep-alive
        };

        return lengthAllowed ? PacketError.None : PacketError.LengthOutOfRange;
    }
}
