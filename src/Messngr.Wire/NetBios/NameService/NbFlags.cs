namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RFC 1002 4.2.1.3 NB_FLAGS of an ADDR_ENTRY, protocols.md §2.2: <c>G(0x8000) ONT(0x6000)</c>, the
/// other 13 bits reserved. The raw word is kept so that reserved bits survive a round trip.
/// </summary>
public readonly record struct NbFlags(ushort Value)
{
    public const ushort GroupMask = 0x8000;
    public const ushort NodeTypeMask = 0x6000;

    /// <summary>G: 1 = group name, 0 = unique name.</summary>
    public bool IsGroup => (Value & GroupMask) != 0;

    /// <summary>ONT: owner node type.</summary>
    public NbnsNodeType NodeType => (NbnsNodeType)((Value & NodeTypeMask) >> 13);

    public static NbFlags Create(bool group, NbnsNodeType nodeType) =>
        new((ushort)((group ? GroupMask : 0) | (((int)nodeType & 3) << 13)));

    public override string ToString() => $"0x{Value:X4} ({(IsGroup ? "group" : "unique")}, {NodeType})";
}
