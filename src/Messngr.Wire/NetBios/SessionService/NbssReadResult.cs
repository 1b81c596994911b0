namespace Messngr.Wire.NetBios.SessionService;

/// <summary>
/// Outcome of <see cref="NbssPacket.TryReadFrame"/>, kept apart as in Kestrel's HTTP/2 framing
/// (style.md): more bytes needed, one frame read, or a malformed frame that closes the connection.
/// </summary>
public enum NbssReadResult
{
    /// <summary>The buffer does not hold a whole frame yet; nothing was consumed.</summary>
    Incomplete,

    /// <summary>One frame was read and the buffer advanced past it.</summary>
    Frame,

    /// <summary>The frame (or its header alone) is malformed; the session must be closed.</summary>
    Malformed,
}
