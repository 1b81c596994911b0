using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Messngr.Wire.Smb1.Mailslot;

/// <summary>
/// Mailslot write, an SMB_COM_TRANSACTION (0x25) carried as NBDS user data: [MS-MAIL] 2.2.1
/// (protocols.md §4.1). WordCount 17, no parameters, SetupCount 3 with
/// <c>Setup = { 1 (write), Priority, Class }</c>, then ByteCount and
/// <c>MailslotName NUL [padding] Databytes</c>. Databytes are found through DataOffset and
/// DataCount (offsets from the SMB header), never by assuming a pad: Samba writes none
/// (DataOffset 87 for MESSNGR), Windows aligns to 4 (88).
/// </summary>
/// <remarks>
/// Strict where the spec leaves no choice: magic, command, WordCount 17, TotalParameterCount and
/// ParameterCount 0, TotalDataCount = DataCount (no multi-packet mailslot writes, [MS-MAIL]
/// 3.1.4.1), SetupCount 3, opcode 1, a NUL-terminated name beginning <c>\MAILSLOT\</c>, data
/// inside the packet and ending it. Tolerant elsewhere: every other word is kept as read, padding
/// bytes are kept raw (at most <see cref="MaxPaddingBytes"/>), and a ByteCount smaller than the
/// bytes present is kept in <see cref="DeclaredByteCount"/> (receivers may ignore it, §4.1).
/// </remarks>
public sealed record MailslotWrite : IWirePacket<MailslotWrite>
{
    /// <summary>SMB_COM_TRANSACTION.</summary>
    public const byte Command = 0x25;

    /// <summary>14 parameter words + 3 setup words.</summary>
    public const byte WordCount = 17;

    public const byte SetupCount = 3;

    /// <summary>Setup[0] MailSlotOpcode: write mailslot, the only one defined.</summary>
    public const ushort WriteOpcode = 1;

    /// <summary>Offset of the name: 32-byte header, WordCount, 17 words, ByteCount.</summary>
    public const int NameOffset = SmbHeader.Length + 1 + (2 * WordCount) + 2;

    /// <summary>Longest name accepted before its NUL (Win32 MAX_PATH-ish bound; MESSNGR is 17).</summary>
    public const int MaxNameBytes = 255;

    /// <summary>Windows pads 0–3 bytes; we accept a few more, bounded.</summary>
    public const int MaxPaddingBytes = 64;

    /// <summary>Data that always fits ByteCount with the longest name and padding.</summary>
    public const int MaxDataBytes = ushort.MaxValue - (MaxNameBytes + 1) - MaxPaddingBytes;

    /// <summary>Every mailslot name starts with this, compared case-insensitively ([MS-MAIL] 2.2.1).</summary>
    public const string MailslotPrefix = @"\MAILSLOT\";

    /// <summary>The Messenger mailslot (protocols.md §4.2).</summary>
    public const string MessengerName = @"\MAILSLOT\MESSNGR";

    /// <summary>The browser mailslot nmbd writes to (protocols.md §3.4).</summary>
    public const string BrowseName = @"\MAILSLOT\BROWSE";

    private readonly string _name = MessengerName;
    private readonly ReadOnlyMemory<byte> _padding;
    private readonly ReadOnlyMemory<byte> _data;

    public SmbHeader Header { get; init; } = SambaHeader;

    /// <summary>All zero but the command: what Samba (nmbd, source3 <c>cli_prep_mailslot</c>) and Windows servers send.</summary>
    public static SmbHeader SambaHeader { get; } = SmbHeader.ForRequest(SmbCommand.SMB_COM_TRANSACTION);

    /// <summary>A Windows client's values: Flags 0x18, Flags2 0x0004, PIDLow 0xFEFF ([MS-MAIL] notes, protocols.md §4.1).</summary>
    public static SmbHeader WindowsClientHeader { get; } = SambaHeader with
    {
        Flags = SmbFlags.SMB_FLAGS_CASE_INSENSITIVE | SmbFlags.SMB_FLAGS_CANONICALIZED_PATHS,
        Flags2 = SmbFlags2.SMB_FLAGS2_SMB_SECURITY_SIGNATURE,
        PidLow = 0xFEFF,
    };

    /// <summary>Windows clients send 2, everyone else 0.</summary>
    public ushort MaxParameterCount { get; init; }

    public ushort MaxDataCount { get; init; }

    public byte MaxSetupCount { get; init; }

    /// <summary>Reserved1 (offset 42).</summary>
    public byte Reserved1 { get; init; }

    /// <summary>Transaction Flags (0x0001 DISCONNECT_TID, 0x0002 NO_RESPONSE), 0 in practice.</summary>
    public ushort TransactionFlags { get; init; }

    /// <summary>Timeout in ms: 0 from Windows and nmbd, 1000 from Samba source4; ignored on receipt.</summary>
    public uint Timeout { get; init; }

    /// <summary>Reserved2 (offset 49).</summary>
    public ushort Reserved2 { get; init; }

    /// <summary>Windows writes DataOffset here, Samba 0; meaningless with no parameters.</summary>
    public ushort ParameterOffset { get; init; }

    /// <summary>Reserved3 (offset 60).</summary>
    public byte Reserved3 { get; init; }

    /// <summary>Setup[1]: 0–9; Samba sends 1, Windows 0; ignored by Windows servers.</summary>
    public ushort Priority { get; init; } = 1;

    /// <summary>Setup[2].</summary>
    public MailslotClass Class { get; init; } = MailslotClass.SecondClass;

    /// <summary>ByteCount as received when smaller than the bytes present; null when right.</summary>
    public ushort? DeclaredByteCount { get; init; }

    /// <summary>The mailslot name without its NUL, one char per byte (Latin-1, so any byte round-trips).</summary>
    public string Name
    {
        get => _name;
        init => _name = ValidateName(value);
    }

    /// <summary>Bytes between the name's NUL and DataOffset (zeros from Windows).</summary>
    public ReadOnlyMemory<byte> Padding
    {
        get => _padding;
        init => _padding = value.Length <= MaxPaddingBytes ? value : throw new ArgumentException($"padding of {value.Length} bytes is more than {MaxPaddingBytes}", nameof(value));
    }

    /// <summary>Databytes: the mailslot message.</summary>
    public ReadOnlyMemory<byte> Data
    {
        get => _data;
        init => _data = value.Length <= MaxDataBytes ? value : throw new ArgumentException($"mailslot data of {value.Length} bytes is more than {MaxDataBytes}", nameof(value));
    }

    /// <summary>DataOffset: from the first byte of the SMB header to Databytes.</summary>
    public int DataOffset => NameOffset + _name.Length + 1 + _padding.Length;

    /// <summary>DataCount (= TotalDataCount).</summary>
    public int DataCount => _data.Length;

    /// <summary>The ByteCount that matches the bytes written: name, NUL, padding, data.</summary>
    public int ByteCount => _name.Length + 1 + _padding.Length + _data.Length;

    public int EncodedLength => NameOffset + ByteCount;

    /// <summary>
    /// A mailslot write laid out like Samba (<see cref="MailslotPadding.None"/>) or Windows
    /// (<see cref="MailslotPadding.Align4"/>: zero padding to a 4-byte DataOffset and
    /// ParameterOffset = DataOffset, [MS-MAIL] 4).
    /// </summary>
    public static MailslotWrite Create(string name, ReadOnlyMemory<byte> data, MailslotPadding padding = MailslotPadding.None, ushort priority = 1)
    {
        var write = new MailslotWrite { Name = name, Data = data, Priority = priority };
        if (padding == MailslotPadding.None)
        {
            return write;
        }

        var pad = (4 - (write.DataOffset % 4)) % 4;
        write = write with { Padding = new byte[pad] };
        return write with { ParameterOffset = (ushort)write.DataOffset };
    }

    /// <summary>Parses an SMB message that fills <paramref name="bytes"/> (NBDS user data). Never throws on bad input.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out MailslotWrite? write, out PacketError error) =>
        WirePacket.TryParse(bytes, out write, out error);

    /// <summary>Case-insensitive mailslot name comparison ([MS-MAIL] 2.2.1: names are case-insensitive).</summary>
    public static bool NamesEqual(string? left, string? right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when this write is for <paramref name="name"/>, compared case-insensitively.</summary>
    public bool IsFor(string name) => NamesEqual(_name, name);

    /// <summary>Grammar above; the message is everything from the reader's position to its end.</summary>
    public static MailslotWrite Read(ref WireReader reader)
    {
        var smb = reader.ReadSubReader(reader.Remaining);
        var header = SmbHeader.Read(ref smb);
        if (header.Command != SmbCommand.SMB_COM_TRANSACTION)
        {
            Back(ref smb, SmbHeader.Length - 4, PacketError.UnknownType);
        }

        Expect(ref smb, smb.ReadByte(), WordCount, 1);
        Expect(ref smb, smb.ReadUInt16LittleEndian(), 0, 2); // TotalParameterCount
        var totalDataCount = smb.ReadUInt16LittleEndian();
        var maxParameterCount = smb.ReadUInt16LittleEndian();
        var maxDataCount = smb.ReadUInt16LittleEndian();
        var maxSetupCount = smb.ReadByte();
        var reserved1 = smb.ReadByte();
        var flags = smb.ReadUInt16LittleEndian();
        var timeout = smb.ReadUInt32LittleEndian();
        var reserved2 = smb.ReadUInt16LittleEndian();
        Expect(ref smb, smb.ReadUInt16LittleEndian(), 0, 2); // ParameterCount
        var parameterOffset = smb.ReadUInt16LittleEndian();
        var dataCount = smb.ReadUInt16LittleEndian();
        var dataOffset = smb.ReadUInt16LittleEndian();
        if (totalDataCount != dataCount)
        {
            Back(ref smb, 6, PacketError.BadValue);
        }

        Expect(ref smb, smb.ReadByte(), SetupCount, 1);
        var reserved3 = smb.ReadByte();
        Expect(ref smb, smb.ReadUInt16LittleEndian(), WriteOpcode, 2);
        var priority = smb.ReadUInt16LittleEndian();
        var mailslotClass = (MailslotClass)smb.ReadUInt16LittleEndian();
        var byteCount = smb.ReadUInt16LittleEndian();
        if (byteCount > smb.Remaining)
        {
            Back(ref smb, 2, PacketError.LengthOutOfRange);
        }

        var name = smb.ReadNulTerminated(MaxNameBytes);
        if (!Encoding.Latin1.GetString(name).StartsWith(MailslotPrefix, StringComparison.OrdinalIgnoreCase))
        {
            Back(ref smb, name.Length + 1, PacketError.BadValue);
        }

        // DataOffset must point at or after the name's NUL, within MaxPaddingBytes, and the data must end the packet.
        var padding = dataOffset - smb.Position;
        if (padding < 0 || padding > MaxPaddingBytes || dataOffset > smb.Buffer.Length || dataCount > smb.Buffer.Length - dataOffset)
        {
            smb.Seek(57);
            smb.Fail(PacketError.LengthOutOfRange);
        }

        var paddingBytes = smb.ReadBytes(padding);
        var data = smb.ReadBytes(dataCount);
        if (!smb.IsAtEnd)
        {
            smb.Fail(PacketError.TrailingBytes);
        }

        var write = new MailslotWrite
        {
            Header = header,
            MaxParameterCount = maxParameterCount,
            MaxDataCount = maxDataCount,
            MaxSetupCount = maxSetupCount,
            Reserved1 = reserved1,
            TransactionFlags = flags,
            Timeout = timeout,
            Reserved2 = reserved2,
            ParameterOffset = parameterOffset,
            Reserved3 = reserved3,
            Priority = priority,
            Class = mailslotClass,
            Name = Encoding.Latin1.GetString(name),
            Padding = paddingBytes.ToArray(),
            Data = data.ToArray(),
        };
        return byteCount == write.ByteCount ? write : write with { DeclaredByteCount = byteCount };
    }

    public void Write(ref WireWriter writer)
    {
        (Header with { Command = SmbCommand.SMB_COM_TRANSACTION }).Write(ref writer);
        writer.WriteByte(WordCount);
        writer.WriteUInt16LittleEndian(0); // TotalParameterCount
        writer.WriteUInt16LittleEndian((ushort)DataCount); // TotalDataCount
        writer.WriteUInt16LittleEndian(MaxParameterCount);
        writer.WriteUInt16LittleEndian(MaxDataCount);
        writer.WriteByte(MaxSetupCount);
        writer.WriteByte(Reserved1);
        writer.WriteUInt16LittleEndian(TransactionFlags);
        writer.WriteUInt32LittleEndian(Timeout);
        writer.WriteUInt16LittleEndian(Reserved2);
        writer.WriteUInt16LittleEndian(0); // ParameterCount
        writer.WriteUInt16LittleEndian(ParameterOffset);
        writer.WriteUInt16LittleEndian((ushort)DataCount);
        writer.WriteUInt16LittleEndian((ushort)DataOffset);
        writer.WriteByte(SetupCount);
        writer.WriteByte(Reserved3);
        writer.WriteUInt16LittleEndian(WriteOpcode);
        writer.WriteUInt16LittleEndian(Priority);
        writer.WriteUInt16LittleEndian((ushort)Class);
        writer.WriteUInt16LittleEndian(DeclaredByteCount ?? (ushort)ByteCount);
        Encoding.Latin1.GetBytes(_name, writer.Reserve(_name.Length));
        writer.WriteByte(0);
        writer.WriteBytes(_padding.Span);
        writer.WriteBytes(_data.Span);
    }

    public bool Equals(MailslotWrite? other) =>
        other is not null && Header == other.Header && MaxParameterCount == other.MaxParameterCount && MaxDataCount == other.MaxDataCount
        && MaxSetupCount == other.MaxSetupCount && Reserved1 == other.Reserved1 && TransactionFlags == other.TransactionFlags
        && Timeout == other.Timeout && Reserved2 == other.Reserved2 && ParameterOffset == other.ParameterOffset && Reserved3 == other.Reserved3
        && Priority == other.Priority && Class == other.Class && DeclaredByteCount == other.DeclaredByteCount
        && string.Equals(_name, other._name, StringComparison.Ordinal)
        && _padding.Span.SequenceEqual(other._padding.Span) && _data.Span.SequenceEqual(other._data.Span);

    public override int GetHashCode() => HashCode.Combine(Header, _name, Priority, _padding.Length, _data.Length);

    private static void Expect(ref WireReader reader, int value, int expected, int width)
    {
        if (value != expected)
        {
            Back(ref reader, width, PacketError.BadValue);
        }
    }

    /// <summary>Fails pointing at the field just read, <paramref name="width"/> bytes back.</summary>
    [DoesNotReturn]
    private static void Back(ref WireReader reader, int width, PacketError error)
    {
        reader.Seek(reader.Position - width);
        reader.Fail(error);
    }

    private static string ValidateName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > MaxNameBytes)
        {
            throw new ArgumentException($"mailslot name '{value}' is longer than {MaxNameBytes} bytes", nameof(value));
        }

        if (!value.StartsWith(MailslotPrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"mailslot name '{value}' must begin with {MailslotPrefix}", nameof(value));
        }

        foreach (var c in value)
        {
            if (c is '\0' or > '\u00FF')
            {
                throw new ArgumentException($"mailslot name '{value}' holds U+{(int)c:X4}; only non-NUL 8-bit characters are allowed", nameof(value));
            }
        }

        return value;
    }
}
