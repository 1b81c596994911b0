namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RFC 1002 4.2.18 NBSTAT RDATA of a node status response, protocols.md §2.4:
/// <c>NUM_NAMES(1) { NODE_NAME(18) } × NUM_NAMES STATISTICS(46)</c>, so RDLENGTH = 47 + 18 × NUM_NAMES
/// exactly (nmbd: 173 for 7 names). A shorter or longer RDATA is rejected.
/// </summary>
public sealed record NodeStatusRData : NbnsRData
{
    /// <summary>NUM_NAMES is one byte.</summary>
    public const int MaxNames = byte.MaxValue;

    public NodeStatusRData(IReadOnlyList<NodeStatusName> names, NodeStatistics? statistics = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count > MaxNames)
        {
            throw new ArgumentException($"NUM_NAMES is one byte; {names.Count} names do not fit", nameof(names));
        }

        Names = names.ToArray();
        Statistics = statistics ?? NodeStatistics.Zero;
    }

    public IReadOnlyList<NodeStatusName> Names { get; }

    public NodeStatistics Statistics { get; }

    public int Length => 1 + (Names.Count * NodeStatusName.Length) + NodeStatistics.Length;

    internal override int Layout(NbnsNameCompression names, int offset) => Length;

    internal override void Write(ref WireWriter writer, NbnsNameCompression names, int messageStart)
    {
        writer.WriteByte((byte)Names.Count);
        foreach (var name in Names)
        {
            name.Write(ref writer);
        }

        Statistics.Write(ref writer);
    }

    internal static NodeStatusRData Read(ref WireReader rdata)
    {
        var count = rdata.ReadByte();
        if (count * NodeStatusName.Length > rdata.Remaining)
        {
            rdata.Fail(PacketError.CountOutOfRange);
        }

        var names = new NodeStatusName[count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = NodeStatusName.Read(ref rdata);
        }

        // RFC 1002 4.2.18 fixes STATISTICS at 46 bytes; every capture (nmbd 4.17) has all of them.
        return new NodeStatusRData(names, NodeStatistics.Read(ref rdata));
    }

    public bool Equals(NodeStatusRData? other) =>
        other is not null && Names.SequenceEqual(other.Names) && Statistics.Equals(other.Statistics);

    public override int GetHashCode() => HashCode.Combine(Names.Count, Statistics);

    public override string ToString() => $"NBSTAT {Names.Count} names [{string.Join(", ", Names)}]";
}
