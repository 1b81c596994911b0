namespace Messngr.Wire.Smb1;

/// <summary>
/// WordCount 0, ByteCount 0: <c>00 0000</c>. The 0xD4 request and the success reply to 0xD0,
/// 0xD1, 0xD2, 0xD3, 0xD6 and 0xD7 ([MS-MSRP] 2.2.3.1.2, 2.2.3.3.2, 2.2.3.4.2; protocols.md §6.3).
/// </summary>
public sealed record SmbEmptyBody : SmbBody, IWirePacket<SmbEmptyBody>
{
    private SmbEmptyBody() { }

    public static SmbEmptyBody Instance { get; } = new();

    public override byte WordCount => 0;

    public override int ByteCount => 0;

    public static SmbEmptyBody Read(ref WireReader reader)
    {
        SmbBlocks.ReadWords(ref reader, 0);
        var start = reader.Position;
        if (reader.ReadUInt16LittleEndian() != 0)
        {
            reader.Seek(start);
            reader.Fail(PacketError.BadValue);
        }

        return Instance;
    }

    private protected override void WriteWords(ref WireWriter writer) { }

    private protected override void WriteBytes(ref WireWriter writer) { }
}
