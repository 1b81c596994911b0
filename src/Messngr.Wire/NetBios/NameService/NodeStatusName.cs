namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RFC 1002 4.2.18 NODE_NAME entry of a node status response (18 bytes), protocols.md §2.4:
/// <c>NETBIOS_NAME(15 raw bytes, space padded — not half-ASCII) SUFFIX(1) NAME_FLAGS(2)</c>.
/// </summary>
public sealed record NodeStatusName : IWirePacket<NodeStatusName>
{
    public const int Length = NetBiosName.Length + 2;

    public NodeStatusName(NetBiosName name, NodeNameFlags flags)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Scope.Length != 0)
        {
            throw new ArgumentException($"a node status entry holds no scope, got '{name}'", nameof(name));
        }

        Name = name;
        Flags = flags;
    }

    public NetBiosName Name { get; }

    public NodeNameFlags Flags { get; }

    public int EncodedLength => Length;

    public static NodeStatusName Read(ref WireReader reader)
    {
        var name = NetBiosName.FromRaw(reader.ReadBytes(NetBiosName.Length));
        return new NodeStatusName(name, new NodeNameFlags(reader.ReadUInt16BigEndian()));
    }

    public void Write(ref WireWriter writer)
    {
        writer.WriteBytes(Name.RawBytes);
        writer.WriteUInt16BigEndian(Flags.Value);
    }

    public override string ToString() => $"{Name} {Flags}";
}
