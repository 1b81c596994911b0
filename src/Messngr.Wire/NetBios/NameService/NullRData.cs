namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RFC 1002 4.2.14 NULL RDATA of a negative name query response (RDLENGTH 0), protocols.md §2.3.
/// Any bytes a sender puts there are kept as they are.
/// </summary>
public sealed record NullRData(byte[] Bytes) : NbnsRData
{
    public static NullRData Empty { get; } = new([]);

    internal override int Layout(NbnsNameCompression names, int offset) => Bytes.Length;

    internal override void Write(ref WireWriter writer, NbnsNameCompression names, int messageStart) => writer.WriteBytes(Bytes);

    public bool Equals(NullRData? other) => other is not null && Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override int GetHashCode() => Bytes.Length;

    public override string ToString() => $"NULL ({Bytes.Length} bytes)";
}
