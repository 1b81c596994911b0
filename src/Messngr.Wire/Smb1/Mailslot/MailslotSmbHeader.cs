using System.Buffers.Binary;

namespace Messngr.Wire.Smb1.Mailslot;

/// <summary>
/// The 32-byte SMB1 header of a mailslot write: [MS-CIFS] 2.2.3.1 as used by [MS-MAIL] 2.2.1
/// (protocols.md §4.1, offsets 0–31, little-endian). Minimal and local to mailslots: the command
/// byte is checked by <see cref="MailslotWrite"/>; every other field is kept as read so a packet
/// writes back unchanged, and receivers ignore them ([MS-MAIL] 3.2.5.1).
/// </summary>
/// <remarks>To be unified with the SMB1 messaging header type once both families are merged.</remarks>
public readonly record struct MailslotSmbHeader
{
    /// <summary>Bytes in the header.</summary>
    public const int Length = 32;

    /// <summary><c>FF 'S' 'M' 'B'</c> read big-endian.</summary>
    internal const uint ProtocolMagic = 0xFF534D42;

    /// <summary>All zero: what Samba (nmbd, source3 <c>cli_prep_mailslot</c>) and Windows servers send.</summary>
    public static MailslotSmbHeader Samba => default;

    /// <summary>A Windows client's values: Flags 0x18, Flags2 0x0004, PIDLow 0xFEFF ([MS-MAIL] notes, protocols.md §4.1).</summary>
    public static MailslotSmbHeader WindowsClient => new() { Flags = 0x18, Flags2 = 0x0004, ProcessIdLow = 0xFEFF };

    /// <summary>Status (NT status or DOS error class/code); 0 in a request.</summary>
    public uint Status { get; init; }

    public byte Flags { get; init; }

    public ushort Flags2 { get; init; }

    public ushort ProcessIdHigh { get; init; }

    /// <summary>SecurityFeatures (8 bytes, read little-endian).</summary>
    public ulong SecurityFeatures { get; init; }

    public ushort Reserved { get; init; }

    public ushort TreeId { get; init; }

    public ushort ProcessIdLow { get; init; }

    public ushort UserId { get; init; }

    public ushort MultiplexId { get; init; }

    /// <summary>Reads the header; a wrong protocol id fails with <see cref="PacketError.BadMagic"/>.</summary>
    internal static MailslotSmbHeader Read(ref WireReader reader, out byte command)
    {
        if (reader.Remaining >= 4 && BinaryPrimitives.ReadUInt32BigEndian(reader.Buffer.Slice(reader.Position, 4)) != ProtocolMagic)
        {
            reader.Fail(PacketError.BadMagic);
        }

        reader.Skip(4);
        command = reader.ReadByte();
        return new MailslotSmbHeader
        {
            Status = reader.ReadUInt32LittleEndian(),
            Flags = reader.ReadByte(),
            Flags2 = reader.ReadUInt16LittleEndian(),
            ProcessIdHigh = reader.ReadUInt16LittleEndian(),
            SecurityFeatures = BinaryPrimitives.ReadUInt64LittleEndian(reader.ReadBytes(8)),
            Reserved = reader.ReadUInt16LittleEndian(),
            TreeId = reader.ReadUInt16LittleEndian(),
            ProcessIdLow = reader.ReadUInt16LittleEndian(),
            UserId = reader.ReadUInt16LittleEndian(),
            MultiplexId = reader.ReadUInt16LittleEndian(),
        };
    }

    internal void Write(ref WireWriter writer, byte command)
    {
        writer.WriteUInt32BigEndian(ProtocolMagic);
        writer.WriteByte(command);
        writer.WriteUInt32LittleEndian(Status);
        writer.WriteByte(Flags);
        writer.WriteUInt16LittleEndian(Flags2);
        writer.WriteUInt16LittleEndian(ProcessIdHigh);
        BinaryPrimitives.WriteUInt64LittleEndian(writer.Reserve(8), SecurityFeatures);
        writer.WriteUInt16LittleEndian(Reserved);
        writer.WriteUInt16LittleEndian(TreeId);
        writer.WriteUInt16LittleEndian(ProcessIdLow);
        writer.WriteUInt16LittleEndian(UserId);
        writer.WriteUInt16LittleEndian(MultiplexId);
    }
}
