namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RDATA of an RR_TYPE this codec does not interpret (RFC 1002 4.2.1.3): the RDLENGTH bytes kept raw.
/// </summary>
public sealed record UnknownRData(byte[] Bytes) : NbnsRData
{
    internal override int Layout(NbnsNameCompression names, int offset) => Bytes.Length;

    internal override void Write(ref WireWriter writer, NbnsNameCompression names, int messageStart) => writer.WriteBytes(Bytes);

    public bool Equals(UnknownRData? other) => other is not null && Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override int GetHashCode() => Bytes.Length;

    public override string ToString() => $"unknown ({Bytes.Length} bytes)";
}
