namespace Messngr.Wire.Smb1;

/// <summary>
/// [MS-MSRP] 2.2.3.4.1 SMB_COM_SEND_END_MB_MESSAGE (0xD6) request: WordCount 1,
/// MessageGroupId, ByteCount 0 — <c>01 gggg 0000</c>. Reply: <see cref="SmbEmptyBody"/>.
/// </summary>
public sealed record SendEndMbRequest(ushort MessageGroupId) : SmbBody, IWirePacket<SendEndMbRequest>
{
    public override byte WordCount => 1;

    public override int ByteCount => 0;

    public static SendEndMbRequest Read(ref WireReader reader)
    {
        var words = SmbBlocks.ReadWords(ref reader, 1);
        var id = words.ReadUInt16LittleEndian();
        var bytes = SmbBlocks.ReadBytes(ref reader);
        SmbBlocks.End(ref bytes);
        return new SendEndMbRequest(id);
    }

    private protected override void WriteWords(ref WireWriter writer) => writer.WriteUInt16LittleEndian(MessageGroupId);

    private protected override void WriteBytes(ref WireWriter writer) { }
}
