using System.Collections.Immutable;

namespace Messngr.Wire.Native;

/// <summary>
/// docs/native-protocol.md §9.4 PROBE: asks nodes to announce, optionally only nodes that own
/// one of NAMES. Grammar: <c>TIMESTAMP(i64) NAMES(COUNT u8 0..16, STR8 labels)</c>.
/// </summary>
public sealed record ProbeDatagram : DiscoveryDatagram
{
    /// <summary>Names a probe may ask for.</summary>
    public const int MaxNames = 16;

    private readonly int _namesLength;

    public ProbeDatagram(long timestamp, IEnumerable<string> names)
    {
        Timestamp = NativeFields.CheckTime(timestamp, nameof(timestamp));
        (Names, _namesLength) = NativeNameList.Check(names, MaxNames, nameof(names));
    }

    public long Timestamp { get; }

    /// <summary>Empty: every node should announce.</summary>
    public ImmutableArray<string> Names { get; }

    public override DiscoveryType Type => DiscoveryType.Probe;

    public override int BodyLength => 8 + _namesLength;

    public bool Equals(ProbeDatagram? other) => other is not null && Timestamp == other.Timestamp && Names.SequenceEqual(other.Names);

    public override int GetHashCode() => HashCode.Combine(Timestamp, Names.Length);

    internal static ProbeDatagram ReadBody(ref WireReader reader) =>
        new(NativeFields.ReadTime(ref reader), NativeNameList.Read(ref reader, MaxNames));

    private protected override void WriteBody(ref WireWriter writer)
    {
        NativeFields.WriteTime(ref writer, Timestamp);
        NativeNameList.Write(ref writer, Names);
    }
}
