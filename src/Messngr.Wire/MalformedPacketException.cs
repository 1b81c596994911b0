namespace Messngr.Wire;

/// <summary>
/// Thrown by readers when a complete datagram or frame is malformed. Only codec roots catch it
/// (in <see cref="WirePacket.TryParse{T}"/>); listeners never see it (style.md, Errors).
/// </summary>
public sealed class MalformedPacketException : Exception
{
    public MalformedPacketException(PacketError reason, int offset)
        : base($"malformed packet: {reason} at offset {offset}")
    {
        Reason = reason;
        Offset = offset;
    }

    public MalformedPacketException() : this(PacketError.BadValue, 0) { }

    public MalformedPacketException(string message) : base(message) => Reason = PacketError.BadValue;

    public MalformedPacketException(string message, Exception innerException) : base(message, innerException) => Reason = PacketError.BadValue;

    public PacketError Reason { get; }

    /// <summary>Byte offset, from the start of the parsed buffer, where the problem was found.</summary>
    public int Offset { get; }
}
