namespace Messngr.Wire.Native;

/// <summary>One step of <see cref="NativeFrameReader.Read"/>; which members matter depends on <see cref="Status"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Frame">The frame (<see cref="NativeReadStatus.Frame"/> only).</param>
/// <param name="Consumed">Bytes the frame used from the front of the buffer; 0 unless a frame was read.</param>
/// <param name="BytesNeeded">
/// <see cref="NativeReadStatus.NeedMore"/>: the reader cannot decide with fewer than this many more
/// bytes (at least 1; the rest of the header, or the rest of the declared frame).
/// </param>
/// <param name="Fault">Why the stream is bad (<see cref="NativeReadStatus.Malformed"/> only).</param>
public readonly record struct NativeReadResult(NativeReadStatus Status, NativeFrame? Frame, long Consumed, long BytesNeeded, NativeFault Fault);
