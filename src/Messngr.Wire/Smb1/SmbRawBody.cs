namespace Messngr.Wire.Smb1;

/// <summary>
/// [MS-CIFS] 2.2.3.2–2.2.3.3 parameter and data blocks kept as bytes: commands this codec does
/// not model (e.g. SMB_COM_TRANSACTION on TCP), NEGOTIATE replies of other dialects, and error
/// replies (whose blocks are usually empty).
/// </summary>
public sealed record SmbRawBody : SmbBody, IWirePacket<SmbRawBody>
{
    public SmbRawBody(ReadOnlyMemory<byte> words, ReadOnlyMemory<byte> bytes)
    {
        if (words.Length % 2 != 0 || words.Length > 2 * byte.MaxValue)
        {
            throw new ArgumentException($"SMB parameter words are an even number of bytes up to {2 * byte.MaxValue}, got {words.Length}", nameof(words));
        }

        Words = words;
        Bytes = SmbBlocks.CheckData(bytes, ushort.MaxValue, nameof(bytes));
    }

    public static SmbRawBody Empty { get; } = new(ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty);

    /// <summary>The 2×WordCount parameter bytes.</summary>
    public ReadOnlyMemory<byte> Words { get; }

    public ReadOnlyMemory<byte> Bytes { get; }

    public override byte WordCount => (byte)(Words.Length / 2);

    public override int ByteCount => Bytes.Length;

    public static SmbRawBody Read(ref WireReader reader)
    {
        var words = SmbBlocks.ReadWords(ref reader, -1);
        var bytes = SmbBlocks.ReadBytes(ref reader);
        return new SmbRawBody(words.ReadRemaining().ToArray(), bytes.ReadRemaining().ToArray());
    }

    public bool Equals(SmbRawBody? other) =>
        other is not null && SmbBlocks.SameBytes(Words, other.Words) && SmbBlocks.SameBytes(Bytes, other.Bytes);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        SmbBlocks.AddBytes(ref hash, Words);
        SmbBlocks.AddBytes(ref hash, Bytes);
        return hash.ToHashCode();
    }

    private protected override void WriteWords(ref WireWriter writer) => writer.WriteBytes(Words.Span);

    private protected override void WriteBytes(ref WireWriter writer) => writer.WriteBytes(Bytes.Span);
}
