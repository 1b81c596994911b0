namespace Messngr.Wire.Smb1;

/// <summary>
/// Bounded readers and writers for SMB_Parameters/SMB_Data and the buffer-format items inside
/// them ([MS-CIFS] 2.2.3.2–2.2.3.3, 2.2.1.1; protocols.md §6.1). Every count is checked against
/// the bytes left before use.
/// </summary>
internal static class SmbBlocks
{
    /// <summary>Reads WordCount (which must equal <paramref name="expectedWordCount"/>, or any if negative) and returns a reader over the words.</summary>
    public static WireReader ReadWords(ref WireReader reader, int expectedWordCount, out int wordCount)
    {
        var start = reader.Position;
        wordCount = reader.ReadByte();
        if (2 * wordCount > reader.Remaining)
        {
            reader.Seek(start);
            reader.Fail(PacketError.LengthOutOfRange);
        }

        if (expectedWordCount >= 0 && wordCount != expectedWordCount)
        {
            reader.Seek(start);
            reader.Fail(PacketError.BadValue);
        }

        return reader.ReadSubReader(2 * wordCount);
    }

    public static WireReader ReadWords(ref WireReader reader, int expectedWordCount) => ReadWords(ref reader, expectedWordCount, out _);

    /// <summary>Reads ByteCount and returns a reader over exactly that many bytes.</summary>
    public static WireReader ReadBytes(ref WireReader reader)
    {
        var start = reader.Position;
        var byteCount = reader.ReadUInt16LittleEndian();
        if (byteCount > reader.Remaining)
        {
            reader.Seek(start);
            reader.Fail(PacketError.LengthOutOfRange);
        }

        return reader.ReadSubReader(byteCount);
    }

    /// <summary>A typed block must be used up exactly (MS-MSRP 3.2.4.5 validation; and byte-exact round trips).</summary>
    public static void End(ref WireReader block)
    {
        if (!block.IsAtEnd)
        {
            block.Fail(PacketError.TrailingBytes);
        }
    }

    /// <summary>Reads <c>format string 00</c>; the string (NUL excluded) is at most <paramref name="maxLength"/> bytes.</summary>
    public static byte[] ReadString(ref WireReader reader, SmbBufferFormat format, int maxLength)
    {
        ExpectFormat(ref reader, format);
        return reader.ReadNulTerminated(maxLength).ToArray();
    }

    /// <summary>Reads <c>01 length(2, LE) data</c> with length ≤ <paramref name="maxLength"/> and ≤ the bytes left.</summary>
    public static byte[] ReadDataBlock(ref WireReader reader, int maxLength)
    {
        ExpectFormat(ref reader, SmbBufferFormat.DataBlock);
        var start = reader.Position;
        var length = reader.ReadUInt16LittleEndian();
        if (length > maxLength || length > reader.Remaining)
        {
            reader.Seek(start);
            reader.Fail(PacketError.LengthOutOfRange);
        }

        return reader.ReadBytes(length).ToArray();
    }

    public static int StringLength(ReadOnlyMemory<byte> value) => 1 + value.Length + 1;

    public static int DataBlockLength(ReadOnlyMemory<byte> data) => 3 + data.Length;

    public static void WriteString(ref WireWriter writer, SmbBufferFormat format, ReadOnlyMemory<byte> value)
    {
        writer.WriteByte((byte)format);
        writer.WriteNulTerminated(value.Span);
    }

    public static void WriteDataBlock(ref WireWriter writer, ReadOnlyMemory<byte> data)
    {
        writer.WriteByte((byte)SmbBufferFormat.DataBlock);
        writer.WriteUInt16LittleEndian((ushort)data.Length);
        writer.WriteBytes(data.Span);
    }

    /// <summary>Constructor check for a string field: no NUL inside, at most <paramref name="maxLength"/> bytes.</summary>
    public static ReadOnlyMemory<byte> CheckString(ReadOnlyMemory<byte> value, int maxLength, string paramName)
    {
        if (value.Length > maxLength)
        {
            throw new ArgumentException($"{paramName} is {value.Length} bytes; at most {maxLength} are allowed", paramName);
        }

        if (value.Span.Contains((byte)0))
        {
            throw new ArgumentException($"{paramName} contains a NUL byte, which would end the string on the wire", paramName);
        }

        return value;
    }

    /// <summary>Constructor check for a data block: at most <paramref name="maxLength"/> bytes.</summary>
    public static ReadOnlyMemory<byte> CheckData(ReadOnlyMemory<byte> data, int maxLength, string paramName)
    {
        if (data.Length > maxLength)
        {
            throw new ArgumentException($"{paramName} is {data.Length} bytes; at most {maxLength} are allowed in one block", paramName);
        }

        return data;
    }

    public static bool SameBytes(ReadOnlyMemory<byte> a, ReadOnlyMemory<byte> b) => a.Span.SequenceEqual(b.Span);

    public static void AddBytes(ref HashCode hash, ReadOnlyMemory<byte> bytes) => hash.AddBytes(bytes.Span);

    private static void ExpectFormat(ref WireReader reader, SmbBufferFormat format)
    {
        var start = reader.Position;
        if (reader.ReadByte() != (byte)format)
        {
            reader.Seek(start);
            reader.Fail(PacketError.BadValue);
        }
    }
}
