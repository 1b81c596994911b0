namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RFC 1002 4.2.1.1 header FLAGS word (OPCODE + NM_FLAGS + RCODE), protocols.md §2.1:
/// <c>R(0x8000) OPCODE(0x7800) AA(0x0400) TC(0x0200) RD(0x0100) RA(0x0080) 0 0 B(0x0010) RCODE(0x000F)</c>.
/// The raw word is kept so that reserved bits survive a round trip.
/// </summary>
public readonly record struct NbnsFlags(ushort Value)
{
    public const ushort ResponseMask = 0x8000;
    public const ushort OpcodeMask = 0x7800;
    public const ushort AuthoritativeAnswerMask = 0x0400;
    public const ushort TruncatedMask = 0x0200;
    public const ushort RecursionDesiredMask = 0x0100;
    public const ushort RecursionAvailableMask = 0x0080;
    public const ushort BroadcastMask = 0x0010;
    public const ushort RcodeMask = 0x000F;

    /// <summary>R: 1 = response.</summary>
    public bool IsResponse => (Value & ResponseMask) != 0;

    public NbnsOpcode Opcode => (NbnsOpcode)((Value & OpcodeMask) >> 11);

    /// <summary>AA: authoritative answer (end nodes always set it in responses).</summary>
    public bool IsAuthoritativeAnswer => (Value & AuthoritativeAnswerMask) != 0;

    /// <summary>TC: the packet would have exceeded 576 bytes.</summary>
    public bool IsTruncated => (Value & TruncatedMask) != 0;

    /// <summary>RD: recursion desired (registration requests, queries to a WINS server).</summary>
    public bool IsRecursionDesired => (Value & RecursionDesiredMask) != 0;

    /// <summary>RA: recursion available (only meaningful from an NBNS).</summary>
    public bool IsRecursionAvailable => (Value & RecursionAvailableMask) != 0;

    /// <summary>B: the packet was broadcast.</summary>
    public bool IsBroadcast => (Value & BroadcastMask) != 0;

    public NbnsRcode Rcode => (NbnsRcode)(Value & RcodeMask);

    /// <summary>Composes a FLAGS word from its fields; the reserved bits are zero.</summary>
    public static NbnsFlags Create(
        NbnsOpcode opcode,
        bool response = false,
        bool authoritativeAnswer = false,
        bool truncated = false,
        bool recursionDesired = false,
        bool recursionAvailable = false,
        bool broadcast = false,
        NbnsRcode rcode = NbnsRcode.OK)
    {
        if ((byte)opcode > 0xF || (byte)rcode > 0xF)
        {
            throw new ArgumentException($"opcode {opcode} and rcode {rcode} must fit in 4 bits", nameof(opcode));
        }

        var value = ((int)opcode << 11) | (int)rcode;
        value |= response ? ResponseMask : 0;
        value |= authoritativeAnswer ? AuthoritativeAnswerMask : 0;
        value |= truncated ? TruncatedMask : 0;
        value |= recursionDesired ? RecursionDesiredMask : 0;
        value |= recursionAvailable ? RecursionAvailableMask : 0;
        value |= broadcast ? BroadcastMask : 0;
        return new NbnsFlags((ushort)value);
    }

    public override string ToString() => $"0x{Value:X4} ({Opcode}{(IsResponse ? " response" : string.Empty)}, {Rcode})";
}
