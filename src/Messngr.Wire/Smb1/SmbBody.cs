namespace Messngr.Wire.Smb1;

/// <summary>
/// [MS-CIFS] 2.2.3.2–2.2.3.3 the part of an SMB after the header: SMB_Parameters
/// (<c>WordCount(1) Words(2×WordCount)</c>) and SMB_Data (<c>ByteCount(2, LE) Bytes</c>).
/// Each command's request/response shape is a sealed subtype; <see cref="SmbRawBody"/> keeps
/// anything else as raw words and bytes.
/// </summary>
public abstract record SmbBody
{
    private protected SmbBody() { }

    public abstract byte WordCount { get; }

    /// <summary>Bytes in SMB_Data after the ByteCount field.</summary>
    public abstract int ByteCount { get; }

    public int EncodedLength => 1 + (2 * WordCount) + 2 + ByteCount;

    public void Write(ref WireWriter writer)
    {
        writer.WriteByte(WordCount);
        var wordsStart = writer.Position;
        WriteWords(ref writer);
        if (writer.Position - wordsStart != 2 * WordCount)
        {
            throw new InvalidOperationException($"{GetType().Name} wrote {writer.Position - wordsStart} parameter bytes for WordCount {WordCount}");
        }

        writer.WriteUInt16LittleEndian(checked((ushort)ByteCount));
        WriteBytes(ref writer);
    }

    private protected abstract void WriteWords(ref WireWriter writer);

    private protected abstract void WriteBytes(ref WireWriter writer);
}
