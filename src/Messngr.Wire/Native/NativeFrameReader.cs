using System.Buffers;

namespace Messngr.Wire.Native;

/// <summary>
/// Cuts native frames (docs/native-protocol.md §4) out of a byte stream such as an
/// <c>SslStream</c> read through a <c>PipeReader</c>. Usage, once per read:
/// <code>
/// while (true) {
///     var r = NativeFrameReader.Read(buffer, myMaxFrame);
///     if (r.Status == NativeReadStatus.NeedMore) break;                  // read at least r.BytesNeeded more
///     if (r.Status == NativeReadStatus.Malformed) { send r.Fault.ToErrorFrame(); close; }
///     handle(r.Frame); buffer = buffer.Slice(r.Consumed);
/// }
/// </code>
/// Guarantees: the LENGTH prefix is checked against <c>maxFrameLength</c> from its 4 bytes alone,
/// before the reader asks for (or anyone buffers) the payload; VERSION is checked from 5 bytes
/// and the rest of the header from 12; a frame is parsed only once all its bytes are in, from
/// the buffer itself when it is one segment, else from one pooled copy of at most LENGTH + 4
/// bytes. No input makes it throw; the buffer is never modified.
/// </summary>
public static class NativeFrameReader
{
    /// <summary>Reads at most one frame from the front of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Bytes received so far, starting at a frame boundary.</param>
    /// <param name="maxFrameLength">
    /// The largest LENGTH this node accepts (what it advertised in HELLO / HELLO-ACK):
    /// <see cref="NativeLimits.MinFrameLength"/>..<see cref="NativeLimits.MaxFrameLength"/>.
    /// </param>
    public static NativeReadResult Read(in ReadOnlySequence<byte> buffer, int maxFrameLength = NativeLimits.MaxFrameLength)
    {
        if (maxFrameLength is < NativeLimits.MinFrameLength or > NativeLimits.MaxFrameLength)
        {
            throw new ArgumentOutOfRangeException(nameof(maxFrameLength), maxFrameLength, $"the native frame limit must be {NativeLimits.MinFrameLength}..{NativeLimits.MaxFrameLength}");
        }

        if (buffer.Length < NativeLimits.LengthPrefix)
        {
            return NeedMore(NativeLimits.LengthPrefix - buffer.Length);
        }

        Span<byte> header = stackalloc byte[NativeLimits.HeaderLength];
        var have = (int)Math.Min(buffer.Length, NativeLimits.HeaderLength);
        buffer.Slice(0, have).CopyTo(header);
        var check = NativeFrameHeader.Check(header[..have], maxFrameLength);
        if (check.Code is { } code)
        {
            return Malformed(new NativeFault(code, check.Reason, check.Offset, check.StreamId));
        }

        long total = NativeLimits.LengthPrefix + check.Length;
        if (buffer.Length < total)
        {
            return NeedMore(total - buffer.Length);
        }

        var frameBytes = buffer.Slice(0, total);
        if (frameBytes.IsSingleSegment)
        {
            return Parse(frameBytes.FirstSpan, check.StreamId, total);
        }

        var rented = ArrayPool<byte>.Shared.Rent((int)total);
        try
        {
            frameBytes.CopyTo(rented);
            return Parse(rented.AsSpan(0, (int)total), check.StreamId, total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The same as <see cref="Read"/> in the Try shape: true with a frame and the bytes it used;
    /// false with <paramref name="fault"/> set (malformed: send ERROR, close) or with
    /// <paramref name="fault"/> default and <paramref name="consumed"/> 0 (need more bytes).
    /// </summary>
    public static bool TryRead(in ReadOnlySequence<byte> buffer, out NativeFrame? frame, out long consumed, out NativeFault? fault, int maxFrameLength = NativeLimits.MaxFrameLength)
    {
        var result = Read(buffer, maxFrameLength);
        frame = result.Frame;
        consumed = result.Consumed;
        fault = result.Status == NativeReadStatus.Malformed ? result.Fault : null;
        return result.Status == NativeReadStatus.Frame;
    }

    private static NativeReadResult Parse(ReadOnlySpan<byte> bytes, uint streamId, long total)
    {
        try
        {
            var reader = new WireReader(bytes);
            var frame = NativeFrame.Read(ref reader);
            return new NativeReadResult(NativeReadStatus.Frame, frame, total, 0, default);
        }
        catch (MalformedPacketException ex)
        {
            return Malformed(new NativeFault(NativeFault.CodeFor(ex.Reason), ex.Reason, ex.Offset, streamId));
        }
    }

    private static NativeReadResult NeedMore(long bytes) => new(NativeReadStatus.NeedMore, null, 0, bytes, default);

    private static NativeReadResult Malformed(NativeFault fault) => new(NativeReadStatus.Malformed, null, 0, 0, fault);
}
