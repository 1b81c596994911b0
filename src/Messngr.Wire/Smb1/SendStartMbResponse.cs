namespace Messngr.Wire.Smb1;

/// <summary>
/// [MS-MSRP] 2.2.3.2.2 SMB_COM_SEND_START_MB_MESSAGE (0xD5) response: WordCount 1,
/// MessageGroupId (2, LE), ByteCount 0 — <c>01 gggg 0000</c>. Samba 4.17 replies WordCount 0
/// instead (no id; clients then use 0, protocols.md §6.6, §9.3 item 3): that form has a null
/// <see cref="MessageGroupId"/>.
/// </summary>
public sealed record SendStartMbResponse(ushort? MessageGroupId) : SmbBody, IWirePacket<SendStartMbResponse>
{
    public override byte WordCount => MessageGroupId.HasValue ? (byte)1 : (byte)0;

    public override int ByteCount => 0;

    /// <summary>The id a client must echo in 0xD7/0xD6: the reply's, or 0 for Samba's empty reply.</summary>
    public ushort EffectiveMessageGroupId => MessageGroupId ?? 0;

    public static SendStartMbResponse Read(ref WireReader reader)
    {
        var start = reader.Position;
        var words = SmbBlocks.ReadWords(ref reader, -1, out var wordCount);
        if (wordCount > 1)
        {
            reader.Seek(start);
            reader.Fail(PacketError.BadValue);
        }

        ushort? id = wordCount == 1 ? words.ReadUInt16LittleEndian() : null;
        var bytes = SmbBlocks.ReadBytes(ref reader);
        SmbBlocks.End(ref bytes);
        return new SendStartMbResponse(id);
    }

    private protected override void WriteWords(ref WireWriter writer)
    {
        if (MessageGroupId is { } id)
        {
            writer.WriteUInt16LittleEndian(id);
        }
    }

    private protected override void WriteBytes(ref WireWriter writer) { }
}
