namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RFC 1002 4.2.18 NAME_FLAGS of a NODE_NAME entry, protocols.md §2.4:
/// <c>G(0x8000) ONT(0x6000) DRG(0x1000) CNF(0x0800) ACT(0x0400) PRM(0x0200)</c>, the rest reserved.
/// </summary>
public readonly record struct NodeNameFlags(ushort Value)
{
    public const ushort GroupMask = 0x8000;
    public const ushort NodeTypeMask = 0x6000;
    public const ushort DeregisteringMask = 0x1000;
    public const ushort ConflictMask = 0x0800;
    public const ushort ActiveMask = 0x0400;
    public const ushort PermanentMask = 0x0200;

    /// <summary>G: group name.</summary>
    public bool IsGroup => (Value & GroupMask) != 0;

    /// <summary>ONT: owner node type.</summary>
    public NbnsNodeType NodeType => (NbnsNodeType)((Value & NodeTypeMask) >> 13);

    /// <summary>DRG: the name is being deregistered.</summary>
    public bool IsDeregistering => (Value & DeregisteringMask) != 0;

    /// <summary>CNF: the name is in conflict.</summary>
    public bool IsInConflict => (Value & ConflictMask) != 0;

    /// <summary>ACT: the name is active (always set by Samba and Windows).</summary>
    public bool IsActive => (Value & ActiveMask) != 0;

    /// <summary>PRM: the permanent node name.</summary>
    public bool IsPermanent => (Value & PermanentMask) != 0;

    public static NodeNameFlags Create(
        bool group,
        NbnsNodeType nodeType,
        bool active = true,
        bool deregistering = false,
        bool conflict = false,
        bool permanent = false)
    {
        var value = ((int)nodeType & 3) << 13;
        value |= group ? GroupMask : 0;
        value |= deregistering ? DeregisteringMask : 0;
        value |= conflict ? ConflictMask : 0;
        value |= active ? ActiveMask : 0;
        value |= permanent ? PermanentMask : 0;
        return new NodeNameFlags((ushort)value);
    }

    public override string ToString() => $"0x{Value:X4}";
}
