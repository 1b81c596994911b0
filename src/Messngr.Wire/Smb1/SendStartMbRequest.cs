using System.Text;

namespace Messngr.Wire.Smb1;

/// <summary>
/// [MS-MSRP] 2.2.3.2.1 SMB_COM_SEND_START_MB_MESSAGE (0xD5) request (protocols.md §6.3):
/// WordCount 0, <c>04 OriginatorName 00 04 DestinationName 00</c>. Reply: <see cref="SendStartMbResponse"/>.
/// </summary>
public sealed record SendStartMbRequest : SmbBody, IWirePacket<SendStartMbRequest>
{
    /// <summary>Read-side bounds (<see cref="SmbLimits"/>); use <see cref="Create"/> for the spec's write limits.</summary>
    public SendStartMbRequest(ReadOnlyMemory<byte> originator, ReadOnlyMemory<byte> destination)
    {
        Originator = SmbBlocks.CheckString(originator, SmbLimits.MaxNameBytes, nameof(originator));
        Destination = SmbBlocks.CheckString(destination, SmbLimits.MaxNameBytes, nameof(destination));
    }

    public ReadOnlyMemory<byte> Originator { get; }

    public ReadOnlyMemory<byte> Destination { get; }

    public override byte WordCount => 0;

    public override int ByteCount => SmbBlocks.StringLength(Originator) + SmbBlocks.StringLength(Destination);

    /// <summary>Builds a request with names ≤ 15 OEM bytes ([MS-MSRP] 2.2.3.2.1).</summary>
    public static SendStartMbRequest Create(string originator, string destination, Encoding? oem = null) =>
        new(SmbText.EncodeName(originator, oem, nameof(originator)), SmbText.EncodeName(destination, oem, nameof(destination)));

    public string GetOriginator(Encoding? oem = null) => (oem ?? OemCodePage.Default).GetString(Originator.Span);

    public string GetDestination(Encoding? oem = null) => (oem ?? OemCodePage.Default).GetString(Destination.Span);

    public static SendStartMbRequest Read(ref WireReader reader)
    {
        SmbBlocks.ReadWords(ref reader, 0);
        var bytes = SmbBlocks.ReadBytes(ref reader);
        var originator = SmbBlocks.ReadString(ref bytes, SmbBufferFormat.SmbString, SmbLimits.MaxNameBytes);
        var destination = SmbBlocks.ReadString(ref bytes, SmbBufferFormat.SmbString, SmbLimits.MaxNameBytes);
        SmbBlocks.End(ref bytes);
        return new SendStartMbRequest(originator, destination);
    }

    public bool Equals(SendStartMbRequest? other) =>
        other is not null && SmbBlocks.SameBytes(Originator, other.Originator) && SmbBlocks.SameBytes(Destination, other.Destination);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        SmbBlocks.AddBytes(ref hash, Originator);
        SmbBlocks.AddBytes(ref hash, Destination);
        return hash.ToHashCode();
    }

    private protected override void WriteWords(ref WireWriter writer) { }

    private protected override void WriteBytes(ref WireWriter writer)
    {
        SmbBlocks.WriteString(ref writer, SmbBufferFormat.SmbString, Originator);
        SmbBlocks.WriteString(ref writer, SmbBufferFormat.SmbString, Destination);
    }
}
