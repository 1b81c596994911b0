namespace Messngr.Wire.Smb1;

/// <summary>
/// [MS-CIFS] 2.2.4.52.2 SMB_COM_NEGOTIATE response, core form: WordCount 1, DialectIndex,
/// ByteCount 0. DialectIndex 0xFFFF means "none of the offered dialects" — the answer to a
/// client that does not offer NT LM 0.12.
/// </summary>
public sealed record NegotiateCoreResponse(ushort DialectIndex) : SmbBody, IWirePacket<NegotiateCoreResponse>
{
    /// <summary>DialectIndex when no offered dialect is supported.</summary>
    public const ushort NoDialect = 0xFFFF;

    public static NegotiateCoreResponse None { get; } = new(NoDialect);

    public override byte WordCount => 1;

    public override int ByteCount => 0;

    public static NegotiateCoreResponse Read(ref WireReader reader)
    {
        var words = SmbBlocks.ReadWords(ref reader, 1);
        var index = words.ReadUInt16LittleEndian();
        var bytes = SmbBlocks.ReadBytes(ref reader);
        SmbBlocks.End(ref bytes);
        return new NegotiateCoreResponse(index);
    }

    private protected override void WriteWords(ref WireWriter writer) => writer.WriteUInt16LittleEndian(DialectIndex);

    private protected override void WriteBytes(ref WireWriter writer) { }
}
