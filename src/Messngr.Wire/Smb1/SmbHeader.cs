namespace Messngr.Wire.Smb1;

/// <summary>
/// [MS-CIFS] 2.2.3.1 SMB header, 32 bytes LE (protocols.md §6.1):
/// <c>FF 'SMB' Command(1) Status(4) Flags(1) Flags2(2) PIDHigh(2) SecurityFeatures(8)
/// Reserved(2) TID(2) PIDLow(2) UID(2) MID(2)</c>. <see cref="Status"/> is kept raw; read it
/// through <see cref="NtStatus"/> or <see cref="DosError"/> according to Flags2 0x4000.
/// [MS-MSRP] 2.2.3.1.1: in messaging every field not named is zero.
/// </summary>
public readonly record struct SmbHeader(
    SmbCommand Command,
    uint Status,
    SmbFlags Flags,
    SmbFlags2 Flags2,
    ushort PidHigh,
    ulong SecurityFeatures,
    ushort Reserved,
    ushort Tid,
    ushort PidLow,
    ushort Uid,
    ushort Mid) : IWirePacket<SmbHeader>
{
    public const int Length = 32;

    /// <summary>0xFF 'S' 'M' 'B' read as a little-endian u32.</summary>
    internal const uint ProtocolMagic = 0x424D53FF;

    /// <summary>0xFE 'S' 'M' 'B': an SMB2/3 header, which this codec does not handle.</summary>
    internal const uint Smb2ProtocolMagic = 0x424D53FE;

    public bool IsReply => (Flags & SmbFlags.SMB_FLAGS_REPLY) != 0;

    public bool UsesNtStatus => (Flags2 & SmbFlags2.SMB_FLAGS2_NT_STATUS) != 0;

    public bool IsError => Status != 0;

    /// <summary>Status as NTSTATUS, or null when Flags2 says it is a DOS class/code.</summary>
    public uint? NtStatus => UsesNtStatus ? Status : null;

    /// <summary>Status as ErrorClass/ErrorCode, or null when Flags2 says it is an NTSTATUS.</summary>
    public SmbDosError? DosError => UsesNtStatus ? null : SmbDosError.FromStatus(Status);

    public int EncodedLength => Length;

    /// <summary>A request header as [MS-MSRP] 2.2.3.1.1 wants it: everything but the command (and PID/MID if given) zero.</summary>
    public static SmbHeader ForRequest(SmbCommand command, ushort pidLow = 0, ushort mid = 0) =>
        new(command, 0, SmbFlags.None, SmbFlags2.None, 0, 0, 0, 0, pidLow, 0, mid);

    /// <summary>
    /// A success reply to <paramref name="request"/>: same command, TID, PID, UID and MID; Flags
    /// SMB_FLAGS_REPLY plus the request's case-insensitive bit (as smbd does); Flags2 and Status zero.
    /// </summary>
    public static SmbHeader ForReply(SmbHeader request) =>
        new(request.Command, 0, SmbFlags.SMB_FLAGS_REPLY | (request.Flags & SmbFlags.SMB_FLAGS_CASE_INSENSITIVE), SmbFlags2.None,
            request.PidHigh, 0, 0, request.Tid, request.PidLow, request.Uid, request.Mid);

    /// <summary>The same header carrying a DOS error (Flags2 0x4000 cleared).</summary>
    public SmbHeader WithDosError(SmbDosError error) =>
        this with { Status = error.ToStatus(), Flags2 = Flags2 & ~SmbFlags2.SMB_FLAGS2_NT_STATUS };

    /// <summary>The same header carrying an NTSTATUS (Flags2 0x4000 set).</summary>
    public SmbHeader WithNtStatus(uint status) =>
        this with { Status = status, Flags2 = Flags2 | SmbFlags2.SMB_FLAGS2_NT_STATUS };

    public static SmbHeader Read(ref WireReader reader)
    {
        var start = reader.Position;
        var magic = reader.ReadUInt32LittleEndian();
        if (magic != ProtocolMagic)
        {
            reader.Seek(start);
            reader.Fail(magic == Smb2ProtocolMagic ? PacketError.Unsupported : PacketError.BadMagic);
        }

        return new SmbHeader(
            (SmbCommand)reader.ReadByte(),
            reader.ReadUInt32LittleEndian(),
            (SmbFlags)reader.ReadByte(),
            (SmbFlags2)reader.ReadUInt16LittleEndian(),
            reader.ReadUInt16LittleEndian(),
            ReadUInt64LittleEndian(ref reader),
            reader.ReadUInt16LittleEndian(),
            reader.ReadUInt16LittleEndian(),
            reader.ReadUInt16LittleEndian(),
            reader.ReadUInt16LittleEndian(),
            reader.ReadUInt16LittleEndian());
    }

    public void Write(ref WireWriter writer)
    {
        writer.WriteUInt32LittleEndian(ProtocolMagic);
        writer.WriteByte((byte)Command);
        writer.WriteUInt32LittleEndian(Status);
        writer.WriteByte((byte)Flags);
        writer.WriteUInt16LittleEndian((ushort)Flags2);
        writer.WriteUInt16LittleEndian(PidHigh);
        writer.WriteUInt32LittleEndian((uint)SecurityFeatures);
        writer.WriteUInt32LittleEndian((uint)(SecurityFeatures >> 32));
        writer.WriteUInt16LittleEndian(Reserved);
        writer.WriteUInt16LittleEndian(Tid);
        writer.WriteUInt16LittleEndian(PidLow);
        writer.WriteUInt16LittleEndian(Uid);
        writer.WriteUInt16LittleEndian(Mid);
    }

    private static ulong ReadUInt64LittleEndian(ref WireReader reader)
    {
        var low = reader.ReadUInt32LittleEndian();
        return low | ((ulong)reader.ReadUInt32LittleEndian() << 32);
    }
}
