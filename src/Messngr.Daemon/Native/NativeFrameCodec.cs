using System.Buffers;
using Messngr.Daemon.Core;
using Messngr.Wire.Native;

namespace Messngr.Daemon.Native;

/// <summary>
/// Between the <see cref="IFrameChannel"/> (frames without their u32 LENGTH prefix) and the Wire
/// codecs (whole frames, docs/native-protocol.md §4.1), and between the daemon's
/// <see cref="MessageId"/> and the wire's UUID (RFC 9562 byte order, §2).
/// </summary>
internal static class NativeFrameCodec
{
    /// <summary>The frame's bytes after LENGTH, as <see cref="IFrameChannel.SendAsync"/> takes them.</summary>
    public static ReadOnlyMemory<byte> Encode(NativeFrame frame) => frame.ToArray().AsMemory(NativeLimits.LengthPrefix);

    /// <summary>Parses one received frame (its bytes after LENGTH), checking the header in §4.1's order.</summary>
    public static NativeReadResult Decode(byte[] body, int maxFrameLength)
    {
        var whole = new byte[NativeLimits.LengthPrefix + body.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(whole, (uint)body.Length);
        body.CopyTo(whole.AsSpan(NativeLimits.LengthPrefix));
        return NativeFrameReader.Read(new ReadOnlySequence<byte>(whole), maxFrameLength);
    }

    public static Guid ToWire(MessageId id)
    {
        Span<byte> bytes = stackalloc byte[MessageId.ByteLength];
        id.WriteBytes(bytes);
        return new Guid(bytes, bigEndian: true);
    }

    public static MessageId? FromWire(Guid id)
    {
        if (id == Guid.Empty)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[MessageId.ByteLength];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return MessageId.TryRead(bytes, out var parsed, out _) ? parsed : null;
    }

    public static long ToWire(DateTimeOffset time) => Math.Max(0, time.ToUnixTimeMilliseconds());

    public static DateTimeOffset FromWire(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}
