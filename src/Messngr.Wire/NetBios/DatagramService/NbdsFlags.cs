namespace Messngr.Wire.NetBios.DatagramService;

/// <summary>
/// FLAGS byte of a NetBIOS datagram service packet: RFC 1002 4.4.1 (protocols.md §3.1):
/// <c>RESERVED(4) SNT(2) F(1) M(1)</c> — M = more fragments follow, F = first fragment,
/// SNT = source node type. The reserved bits are kept as read so a packet writes back unchanged.
/// </summary>
/// <param name="Value">The raw byte.</param>
public readonly record struct NbdsFlags(byte Value)
{
    private const byte MoreBit = 0x01;
    private const byte FirstBit = 0x02;
    private const byte NodeTypeMask = 0x0C;

    /// <summary>0x02: a whole (unfragmented) datagram from a B node — what our sender writes by default.</summary>
    public static NbdsFlags Default { get; } = Create(NbdsNodeType.B_NODE);

    /// <summary>M: more fragments follow this one.</summary>
    public bool More => (Value & MoreBit) != 0;

    /// <summary>F: this is the first fragment (also set on an unfragmented datagram).</summary>
    public bool First => (Value & FirstBit) != 0;

    public NbdsNodeType SourceNodeType => (NbdsNodeType)((Value & NodeTypeMask) >> 2);

    /// <summary>Bits 4–7, reserved (zero) by RFC 1002; tolerated on receipt.</summary>
    public byte Reserved => (byte)(Value >> 4);

    /// <summary>Builds FLAGS with zero reserved bits. An unfragmented datagram is first=true, more=false (RFC 1002 5.3.1).</summary>
    public static NbdsFlags Create(NbdsNodeType sourceNodeType, bool first = true, bool more = false)
    {
        if ((byte)sourceNodeType > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(sourceNodeType), sourceNodeType, "the source node type is a 2-bit field (0..3)");
        }

        return new NbdsFlags((byte)(((byte)sourceNodeType << 2) | (first ? FirstBit : 0) | (more ? MoreBit : 0)));
    }

    public override string ToString() =>
        $"0x{Value:x2} ({(First ? "F" : "-")}{(More ? "M" : "-")} {SourceNodeType})";
}
