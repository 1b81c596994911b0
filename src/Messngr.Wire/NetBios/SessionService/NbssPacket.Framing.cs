using System.Buffers;

namespace Messngr.Wire.NetBios.SessionService;

/// <summary>RFC 1002 4.3.1 framing over a TCP byte stream (protocols.md §5.1).</summary>
public abstract partial record NbssPacket
{
    /// <summary>
    /// Default cap on a frame body for <see cref="TryReadFrame"/>. Messenger SMBs are a few
    /// hundred bytes (a 0xD7 block carries ≤ 128 bytes of text, a NEGOTIATE reply well under
    /// 1 KiB); 8 KiB also holds our tolerated 4 KiB text block (<c>SmbLimits.MaxBlockBytes</c>).
    /// </summary>
    public const int DefaultMaxFrameLength = 8192;

    /// <summary>
    /// Reads one frame from the front of <paramref name="buffer"/>. <see cref="NbssReadResult.Incomplete"/>:
    /// more bytes are needed and <paramref name="buffer"/> is unchanged. <see cref="NbssReadResult.Frame"/>:
    /// <paramref name="frame"/> is set and <paramref name="buffer"/> starts after it.
    /// <see cref="NbssReadResult.Malformed"/>: <paramref name="error"/> says why; the header alone
    /// is enough to refuse a frame whose declared length exceeds <paramref name="maxLength"/>.
    /// A session message's payload is copied out (at most <paramref name="maxLength"/> bytes).
    /// </summary>
    public static NbssReadResult TryReadFrame(ref ReadOnlySequence<byte> buffer, out NbssPacket? frame, out PacketError error, int maxLength = DefaultMaxFrameLength)
    {
        if (maxLength is < 0 or > MaxBodyLength)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, $"the NBSS frame limit must be between 0 and {MaxBodyLength}");
        }

        frame = null;
        error = PacketError.None;
        if (buffer.Length < HeaderLength)
        {
            return NbssReadResult.Incomplete;
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        error = CheckHeader(header, maxLength, out var length);
        if (error != PacketError.None)
        {
            return NbssReadResult.Malformed;
        }

        if (buffer.Length - HeaderLength < length)
        {
            return NbssReadResult.Incomplete;
        }

        var whole = buffer.Slice(0, HeaderLength + length);
        if ((NbssPacketType)header[0] == NbssPacketType.SessionMessage)
        {
            // The payload is opaque here: copy it once, no second parse.
            frame = new SessionMessagePacket(whole.Slice(HeaderLength).ToArray());
        }
        else if (!TryParse(whole.ToArray(), out frame, out error))
        {
            return NbssReadResult.Malformed;
        }

        buffer = buffer.Slice(whole.End);
        return NbssReadResult.Frame;
    }
}
