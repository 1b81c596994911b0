namespace Messngr.Wire.DceRpc;

/// <summary>
/// The NDR data representation label (drep) of a PDU: C706 §14.1, protocols.md §7.4.
/// <c>Format</c> = drep[0]: high nibble integer order (0 big-endian, 1 little-endian), low nibble
/// character set (0 ASCII, 1 EBCDIC); <c>FloatingPoint</c> = drep[1] (0 IEEE, 1 VAX, 2 Cray, 3 IBM);
/// <c>Reserved</c> = drep[2], kept as received.
/// </summary>
public readonly record struct NdrDataRepresentation(byte Format, byte FloatingPoint, byte Reserved)
{
    /// <summary>Length of the label in a CL header (the CO header has a fourth, reserved byte).</summary>
    public const int Length = 3;

    /// <summary><c>10 00 00</c>: little-endian, ASCII, IEEE (what Windows and every tool sends).</summary>
    public static NdrDataRepresentation LittleEndian { get; } = new(0x10, 0, 0);

    /// <summary><c>00 00 00</c>: big-endian, ASCII, IEEE (old DCE peers on big-endian hosts).</summary>
    public static NdrDataRepresentation BigEndian { get; } = new(0x00, 0, 0);

    public bool IsLittleEndian => Format >> 4 == 1;

    public bool IsBigEndian => Format >> 4 == 0;

    /// <summary>
    /// Reads and checks the label: the integer order must be 0 or 1 (else <see cref="PacketError.BadValue"/>);
    /// EBCDIC and non-IEEE floats are legal NDR this codec does not handle (<see cref="PacketError.Unsupported"/>).
    /// </summary>
    internal static NdrDataRepresentation Read(ref WireReader reader)
    {
        var format = reader.ReadByte();
        var floatingPoint = reader.ReadByte();
        var reserved = reader.ReadByte();
        if (format >> 4 > 1)
        {
            reader.Fail(PacketError.BadValue);
        }

        if ((format & 0x0F) != 0 || floatingPoint != 0)
        {
            reader.Fail(PacketError.Unsupported);
        }

        return new NdrDataRepresentation(format, floatingPoint, reserved);
    }

    internal void Write(ref WireWriter writer)
    {
        writer.WriteByte(Format);
        writer.WriteByte(FloatingPoint);
        writer.WriteByte(Reserved);
    }
}
