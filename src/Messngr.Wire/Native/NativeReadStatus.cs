namespace Messngr.Wire.Native;

/// <summary>
/// Outcome of <see cref="NativeFrameReader.Read"/>, kept apart as in Kestrel's HTTP/2 framing
/// (style.md): more bytes needed, one frame read, or a fault that ends the connection.
/// </summary>
public enum NativeReadStatus
{
    /// <summary>The buffer does not hold a whole frame yet; nothing was consumed.</summary>
    NeedMore,

    /// <summary>One frame was read; it used the first <see cref="NativeReadResult.Consumed"/> bytes.</summary>
    Frame,

    /// <summary>The frame (or its header alone) is bad: send <see cref="NativeFault.ToErrorFrame"/>, then close.</summary>
    Malformed,
}
