using System.Buffers.Binary;

namespace Messngr.Wire.Native;

/// <summary>
/// Checks the 12-byte frame header (docs/native-protocol.md §4.1–4.3) field by field, so that a
/// stream reader refuses a frame as soon as the bytes that condemn it are in: LENGTH after 4
/// bytes (before any payload is awaited or allocated), VERSION after 5, the rest after 12.
/// </summary>
internal static class NativeFrameHeader
{
    /// <summary>The outcome; <see cref="Code"/> is null when every field present is fine.</summary>
    internal readonly record struct Result(NativeErrorCode? Code, PacketError Reason, int Offset, int Length, NativeFrameType Type, uint StreamId);

    /// <summary>
    /// Checks the first 4..12 bytes of a frame against <paramref name="maxFrameLength"/> (the
    /// receiver's limit for LENGTH). Fields beyond <paramref name="header"/>'s end are not checked.
    /// </summary>
    public static Result Check(ReadOnlySpan<byte> header, int maxFrameLength)
    {
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length < NativeLimits.MinFrameLength)
        {
            return Fail(NativeErrorCode.Malformed, PacketError.LengthOutOfRange, 0);
        }

        if (length > (uint)maxFrameLength)
        {
            return Fail(NativeErrorCode.FrameTooLarge, PacketError.LengthOutOfRange, 0);
        }

        if (header.Length < 5)
        {
            return new Result(null, PacketError.None, 0, (int)length, default, 0);
        }

        if (header[4] != NativeLimits.Version1)
        {
            return Fail(NativeErrorCode.UnsupportedVersion, PacketError.Unsupported, 4);
        }

        if (header.Length < NativeLimits.HeaderLength)
        {
            return new Result(null, PacketError.None, 0, (int)length, default, 0);
        }

        var type = (NativeFrameType)header[5];
        if (!Enum.IsDefined(type))
        {
            return Fail(NativeErrorCode.UnknownType, PacketError.UnknownType, 5);
        }

        var streamId = BinaryPrimitives.ReadUInt32BigEndian(header[8..]);
        if (BinaryPrimitives.ReadUInt16BigEndian(header[6..]) != 0)
        {
            return Fail(NativeErrorCode.Malformed, PacketError.BadValue, 6, streamId);
        }

        if (!StreamIdAllowed(type, streamId))
        {
            return Fail(NativeErrorCode.ProtocolViolation, PacketError.BadValue, 8, streamId);
        }

        var (min, max) = PayloadRange(type);
        var payload = (int)length - NativeLimits.MinFrameLength;
        if (payload < min || payload > max)
        {
            return Fail(NativeErrorCode.Malformed, PacketError.LengthOutOfRange, 0, streamId);
        }

        return new Result(null, PacketError.None, 0, (int)length, type, streamId);
    }

    /// <summary>§6.2: HELLO, HELLO-ACK and GOODBYE use stream 0; requests and answers never do; ERROR may.</summary>
    public static bool StreamIdAllowed(NativeFrameType type, uint streamId) => type switch
    {
        NativeFrameType.Hello or NativeFrameType.HelloAck or NativeFrameType.Goodbye => streamId == 0,
        NativeFrameType.Error => true,
        _ => streamId != 0,
    };

    /// <summary>Smallest and largest PAYLOAD each type allows (§8), from its fields' limits.</summary>
    public static (int Min, int Max) PayloadRange(NativeFrameType type) => type switch
    {
        NativeFrameType.Hello => (HelloFrame.MinPayload, HelloFrame.MaxPayload),
        NativeFrameType.HelloAck => (HelloAckFrame.MinPayload, HelloAckFrame.MaxPayload),
        NativeFrameType.Message => (MessageFrame.MinPayload, MessageFrame.MaxPayload),
        NativeFrameType.Receipt => (ReceiptFrame.MinPayload, ReceiptFrame.MaxPayload),
        NativeFrameType.Ack => (0, 0),
        NativeFrameType.Ping or NativeFrameType.Pong => (NativeLimits.PingDataLength, NativeLimits.PingDataLength),
        _ => (GoodbyeFrame.MinPayload, GoodbyeFrame.MaxPayload), // GOODBYE and ERROR: u16 + STR8
    };

    private static Result Fail(NativeErrorCode code, PacketError reason, int offset, uint streamId = 0) =>
        new(code, reason, offset, 0, default, streamId);
}
