using System.Text;

namespace Messngr.Wire.Smb1;

/// <summary>
/// SMB_COM_FORWARD_USER_NAME (0xD2) and SMB_COM_CANCEL_FORWARD (0xD3) requests ([SMB-CORE] §6;
/// shape as Wireshark 4.0.17 dissects it, protocols.md §6.3): WordCount 0, <c>04 ForwardedName 00</c>.
/// Reply: <see cref="SmbEmptyBody"/> (smbd answers ERRSRV/0x0016 instead).
/// </summary>
public sealed record ForwardedNameRequest : SmbBody, IWirePacket<ForwardedNameRequest>
{
    public ForwardedNameRequest(ReadOnlyMemory<byte> name) => Name = SmbBlocks.CheckString(name, SmbLimits.MaxNameBytes, nameof(name));

    public ReadOnlyMemory<byte> Name { get; }

    public override byte WordCount => 0;

    public override int ByteCount => SmbBlocks.StringLength(Name);

    public static ForwardedNameRequest Create(string name, Encoding? oem = null) => new(SmbText.EncodeName(name, oem, nameof(name)));

    public string GetName(Encoding? oem = null) => (oem ?? OemCodePage.Default).GetString(Name.Span);

    public static ForwardedNameRequest Read(ref WireReader reader)
    {
        SmbBlocks.ReadWords(ref reader, 0);
        var bytes = SmbBlocks.ReadBytes(ref reader);
        var name = SmbBlocks.ReadString(ref bytes, SmbBufferFormat.SmbString, SmbLimits.MaxNameBytes);
        SmbBlocks.End(ref bytes);
        return new ForwardedNameRequest(name);
    }

    public bool Equals(ForwardedNameRequest? other) => other is not null && SmbBlocks.SameBytes(Name, other.Name);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        SmbBlocks.AddBytes(ref hash, Name);
        return hash.ToHashCode();
    }

    private protected override void WriteWords(ref WireWriter writer) { }

    private protected override void WriteBytes(ref WireWriter writer) => SmbBlocks.WriteString(ref writer, SmbBufferFormat.SmbString, Name);
}
