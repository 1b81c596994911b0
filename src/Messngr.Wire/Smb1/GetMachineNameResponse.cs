using System.Text;

namespace Messngr.Wire.Smb1;

/// <summary>
/// SMB_COM_GET_MACHINE_NAME (0xD4) response ([SMB-CORE] §6; shape as Wireshark 4.0.17
/// dissects it, protocols.md §6.3): WordCount 0, <c>04 MachineName 00</c>. The request is
/// <see cref="SmbEmptyBody"/>.
/// </summary>
public sealed record GetMachineNameResponse : SmbBody, IWirePacket<GetMachineNameResponse>
{
    public GetMachineNameResponse(ReadOnlyMemory<byte> machineName) =>
        MachineName = SmbBlocks.CheckString(machineName, SmbLimits.MaxNameBytes, nameof(machineName));

    public ReadOnlyMemory<byte> MachineName { get; }

    public override byte WordCount => 0;

    public override int ByteCount => SmbBlocks.StringLength(MachineName);

    public static GetMachineNameResponse Create(string machineName, Encoding? oem = null) =>
        new(SmbText.EncodeName(machineName, oem, nameof(machineName)));

    public string GetMachineName(Encoding? oem = null) => (oem ?? OemCodePage.Default).GetString(MachineName.Span);

    public static GetMachineNameResponse Read(ref WireReader reader)
    {
        SmbBlocks.ReadWords(ref reader, 0);
        var bytes = SmbBlocks.ReadBytes(ref reader);
        var name = SmbBlocks.ReadString(ref bytes, SmbBufferFormat.SmbString, SmbLimits.MaxNameBytes);
        SmbBlocks.End(ref bytes);
        return new GetMachineNameResponse(name);
    }

    public bool Equals(GetMachineNameResponse? other) => other is not null && SmbBlocks.SameBytes(MachineName, other.MachineName);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        SmbBlocks.AddBytes(ref hash, MachineName);
        return hash.ToHashCode();
    }

    private protected override void WriteWords(ref WireWriter writer) { }

    private protected override void WriteBytes(ref WireWriter writer) => SmbBlocks.WriteString(ref writer, SmbBufferFormat.SmbString, MachineName);
}
