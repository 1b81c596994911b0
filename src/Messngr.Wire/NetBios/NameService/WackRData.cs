namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RFC 1002 4.2.16 WACK RDATA (RDLENGTH 2), protocols.md §2.3: bytes 2–3 of the request being
/// acknowledged, i.e. its OPCODE and NM_FLAGS (observed from nmbd: <c>29 00</c>).
/// </summary>
public sealed record WackRData(NbnsFlags RequestFlags) : NbnsRData
{
    public const int Length = 2;

    internal override int Layout(NbnsNameCompression names, int offset) => Length;

    internal override void Write(ref WireWriter writer, NbnsNameCompression names, int messageStart) =>
        writer.WriteUInt16BigEndian(RequestFlags.Value);

    internal static WackRData Read(ref WireReader rdata) => new(new NbnsFlags(rdata.ReadUInt16BigEndian()));

    public override string ToString() => $"WACK for {RequestFlags}";
}
