using System.Text;

namespace Messngr.Wire.Smb1;

/// <summary>
/// [MS-MSRP] 2.2.3.1.1 SMB_COM_SEND_MESSAGE (0xD0) request, also the layout of
/// SMB_COM_SEND_BROADCAST_MESSAGE (0xD1) (protocols.md §6.3): WordCount 0, then
/// <c>04 OriginatorName 00 04 DestinationName 00 01 DataLength(2) Data</c>. Names and text are
/// OEM bytes; Windows sends line breaks as 0x14. Reply: <see cref="SmbEmptyBody"/>.
/// </summary>
public sealed record SendMessageRequest : SmbBody, IWirePacket<SendMessageRequest>
{
    /// <summary>Read-side bounds (<see cref="SmbLimits"/>); use <see cref="Create"/> for the spec's write limits.</summary>
    public SendMessageRequest(ReadOnlyMemory<byte> originator, ReadOnlyMemory<byte> destination, ReadOnlyMemory<byte> data)
    {
        Originator = SmbBlocks.CheckString(originator, SmbLimits.MaxNameBytes, nameof(originator));
        Destination = SmbBlocks.CheckString(destination, SmbLimits.MaxNameBytes, nameof(destination));
        Data = SmbBlocks.CheckData(data, SmbLimits.MaxBlockBytes, nameof(data));
    }

    public ReadOnlyMemory<byte> Originator { get; }

    public ReadOnlyMemory<byte> Destination { get; }

    /// <summary>The message text, OEM bytes, no NUL added.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    public override byte WordCount => 0;

    public override int ByteCount =>
        SmbBlocks.StringLength(Originator) + SmbBlocks.StringLength(Destination) + SmbBlocks.DataBlockLength(Data);

    /// <summary>Builds a request within the spec's limits: names ≤ 15 bytes, data ≤ 128 bytes ([MS-MSRP] 2.2.3.1).</summary>
    public static SendMessageRequest Create(string originator, string destination, ReadOnlyMemory<byte> data, Encoding? oem = null) =>
        new(SmbText.EncodeName(originator, oem, nameof(originator)), SmbText.EncodeName(destination, oem, nameof(destination)), SmbText.CheckBlock(data, nameof(data)));

    public string GetOriginator(Encoding? oem = null) => (oem ?? OemCodePage.Default).GetString(Originator.Span);

    public string GetDestination(Encoding? oem = null) => (oem ?? OemCodePage.Default).GetString(Destination.Span);

    public static SendMessageRequest Read(ref WireReader reader)
    {
        SmbBlocks.ReadWords(ref reader, 0);
        var bytes = SmbBlocks.ReadBytes(ref reader);
        var originator = SmbBlocks.ReadString(ref bytes, SmbBufferFormat.SmbString, SmbLimits.MaxNameBytes);
        var destination = SmbBlocks.ReadString(ref bytes, SmbBufferFormat.SmbString, SmbLimits.MaxNameBytes);
        var data = SmbBlocks.ReadDataBlock(ref bytes, SmbLimits.MaxBlockBytes);
        // Bytes after the data block inside ByteCount (a sender that counts a trailing NUL) are
        // tolerated and not kept, as Samba's reply_sends does (issue #11 item 5).
        return new SendMessageRequest(originator, destination, data);
    }

    public bool Equals(SendMessageRequest? other) =>
        other is not null && SmbBlocks.SameBytes(Originator, other.Originator) && SmbBlocks.SameBytes(Destination, other.Destination) && SmbBlocks.SameBytes(Data, other.Data);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        SmbBlocks.AddBytes(ref hash, Originator);
        SmbBlocks.AddBytes(ref hash, Destination);
        SmbBlocks.AddBytes(ref hash, Data);
        return hash.ToHashCode();
    }

    private protected override void WriteWords(ref WireWriter writer) { }

    private protected override void WriteBytes(ref WireWriter writer)
    {
        SmbBlocks.WriteString(ref writer, SmbBufferFormat.SmbString, Originator);
        SmbBlocks.WriteString(ref writer, SmbBufferFormat.SmbString, Destination);
        SmbBlocks.WriteDataBlock(ref writer, Data);
    }
}
