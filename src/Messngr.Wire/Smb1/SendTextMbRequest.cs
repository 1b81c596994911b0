namespace Messngr.Wire.Smb1;

/// <summary>
/// [MS-MSRP] 2.2.3.3.1 SMB_COM_SEND_TEXT_MB_MESSAGE (0xD7) request (protocols.md §6.3):
/// WordCount 1, MessageGroupId (2, LE), then <c>01 DataLength(2) Data</c>; ≤ 128 bytes per block
/// (smbclient cuts 127). Reply: <see cref="SmbEmptyBody"/>. tshark 4.0.17 misreads this request
/// (takes the id for ByteCount, §9.3 item 9); this codec follows the spec.
/// </summary>
public sealed record SendTextMbRequest : SmbBody, IWirePacket<SendTextMbRequest>
{
    /// <summary>Read-side bound on <paramref name="data"/> (<see cref="SmbLimits.MaxBlockBytes"/>); <see cref="Create"/> enforces 128.</summary>
    public SendTextMbRequest(ushort messageGroupId, ReadOnlyMemory<byte> data)
    {
        MessageGroupId = messageGroupId;
        Data = SmbBlocks.CheckData(data, SmbLimits.MaxBlockBytes, nameof(data));
    }

    public ushort MessageGroupId { get; }

    public ReadOnlyMemory<byte> Data { get; }

    public override byte WordCount => 1;

    public override int ByteCount => SmbBlocks.DataBlockLength(Data);

    /// <summary>Builds a block of at most 128 bytes ([MS-MSRP] 2.2.3.3.1).</summary>
    public static SendTextMbRequest Create(ushort messageGroupId, ReadOnlyMemory<byte> data) =>
        new(messageGroupId, SmbText.CheckBlock(data, nameof(data)));

    public static SendTextMbRequest Read(ref WireReader reader)
    {
        var words = SmbBlocks.ReadWords(ref reader, 1);
        var id = words.ReadUInt16LittleEndian();
        var bytes = SmbBlocks.ReadBytes(ref reader);
        var data = SmbBlocks.ReadDataBlock(ref bytes, SmbLimits.MaxBlockBytes);
        // Bytes after the data block inside ByteCount are tolerated and not kept (Samba's reply_sendtxt; issue #11 item 5).
        return new SendTextMbRequest(id, data);
    }

    public bool Equals(SendTextMbRequest? other) =>
        other is not null && MessageGroupId == other.MessageGroupId && SmbBlocks.SameBytes(Data, other.Data);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(MessageGroupId);
        SmbBlocks.AddBytes(ref hash, Data);
        return hash.ToHashCode();
    }

    private protected override void WriteWords(ref WireWriter writer) => writer.WriteUInt16LittleEndian(MessageGroupId);

    private protected override void WriteBytes(ref WireWriter writer) => SmbBlocks.WriteDataBlock(ref writer, Data);
}
