namespace Messngr.Wire.Native;

/// <summary>
/// docs/native-protocol.md §4: one frame of the messngr native protocol, version 1, the codec
/// root of the TLS stream. Grammar:
/// <c>LENGTH(u32 BE, bytes after itself) VERSION(u8 = 1) TYPE(u8) FLAGS(u16 BE, 0) STREAM-ID(u32 BE) PAYLOAD</c>.
/// One sealed subtype per TYPE. <see cref="TryParse"/> reads one complete frame;
/// <see cref="NativeFrameReader"/> cuts frames out of a byte stream.
/// </summary>
public abstract record NativeFrame : IWirePacket<NativeFrame>
{
    private protected NativeFrame(uint streamId) => StreamId = streamId;

    /// <summary>STREAM-ID: 0 for connection-level frames, else the request it opens or answers (§6.2).</summary>
    public uint StreamId { get; }

    public abstract NativeFrameType Type { get; }

    /// <summary>Bytes after the 12-byte header.</summary>
    public abstract int PayloadLength { get; }

    public int EncodedLength => NativeLimits.HeaderLength + PayloadLength;

    /// <summary>Parses exactly one complete frame (header and the payload it declares, nothing more).</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out NativeFrame? frame, out PacketError error) =>
        WirePacket.TryParse(bytes, out frame, out error);

    public static NativeFrame Read(ref WireReader reader)
    {
        var start = reader.AbsolutePosition;
        var header = reader.ReadBytes(NativeLimits.HeaderLength);
        var check = NativeFrameHeader.Check(header, NativeLimits.MaxFrameLength);
        if (check.Code is not null)
        {
            throw new MalformedPacketException(check.Reason, start + check.Offset);
        }

        var payload = reader.ReadSubReader(check.Length - NativeLimits.MinFrameLength);
        var streamId = check.StreamId;
        NativeFrame frame = check.Type switch
        {
            NativeFrameType.Hello => HelloFrame.ReadPayload(streamId, ref payload),
            NativeFrameType.HelloAck => HelloAckFrame.ReadPayload(streamId, ref payload),
            NativeFrameType.Message => MessageFrame.ReadPayload(streamId, ref payload),
            NativeFrameType.Receipt => ReceiptFrame.ReadPayload(streamId, ref payload),
            NativeFrameType.Ack => new AckFrame(streamId),
            NativeFrameType.Ping => new PingFrame(streamId, NativeFields.ReadUInt64(ref payload)),
            NativeFrameType.Pong => new PongFrame(streamId, NativeFields.ReadUInt64(ref payload)),
            NativeFrameType.Goodbye => GoodbyeFrame.ReadPayload(streamId, ref payload),
            _ => ErrorFrame.ReadPayload(streamId, ref payload),
        };

        if (!payload.IsAtEnd)
        {
            payload.Fail(PacketError.TrailingBytes);
        }

        return frame;
    }

    public void Write(ref WireWriter writer)
    {
        writer.WriteUInt32BigEndian((uint)(NativeLimits.MinFrameLength + PayloadLength));
        writer.WriteByte(NativeLimits.Version1);
        writer.WriteByte((byte)Type);
        writer.WriteUInt16BigEndian(0);
        writer.WriteUInt32BigEndian(StreamId);
        WritePayload(ref writer);
    }

    /// <summary>Encodes the whole frame into a new array.</summary>
    public byte[] ToArray() => WirePacket.ToArray(this);

    private protected abstract void WritePayload(ref WireWriter writer);

    /// <summary>STREAM-ID rule of a type (§6.2): 0 for HELLO, HELLO-ACK and GOODBYE; non-zero for requests and answers.</summary>
    internal static uint CheckStreamId(NativeFrameType type, uint streamId) =>
        NativeFrameHeader.StreamIdAllowed(type, streamId)
            ? streamId
            : throw new ArgumentOutOfRangeException(nameof(streamId), streamId, $"stream id {streamId} is not allowed on a {type} frame (docs/native-protocol.md §6.2)");
}
