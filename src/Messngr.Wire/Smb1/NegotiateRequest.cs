using System.Text;

namespace Messngr.Wire.Smb1;

/// <summary>
/// [MS-CIFS] 2.2.4.52.1 SMB_COM_NEGOTIATE (0x72) request: WordCount 0, then one
/// <c>02 DialectString 00</c> per offered dialect. A Messenger needs none (protocols.md §6.5) but
/// smbd 4.17 drops 0xD0 without it; Impacket offers only <see cref="NtLm012"/>.
/// Dialect names are ASCII; bytes are kept one-to-one (Latin-1) so any input round-trips.
/// </summary>
public sealed record NegotiateRequest : SmbBody, IWirePacket<NegotiateRequest>
{
    /// <summary>The NT dialect ([MS-CIFS] 1.7); its reply is <see cref="NegotiateNtLmResponse"/>.</summary>
    public const string NtLm012 = "NT LM 0.12";

    public NegotiateRequest(IReadOnlyList<string> dialects)
    {
        ArgumentNullException.ThrowIfNull(dialects);
        if (dialects.Count > SmbLimits.MaxDialects)
        {
            throw new ArgumentException($"a NEGOTIATE request offers at most {SmbLimits.MaxDialects} dialects, got {dialects.Count}", nameof(dialects));
        }

        var length = 0;
        foreach (var dialect in dialects)
        {
            ArgumentNullException.ThrowIfNull(dialect, nameof(dialects));
            if (dialect.Length > SmbLimits.MaxDialectBytes || dialect.Contains('\0', StringComparison.Ordinal) || dialect.Any(c => c > '\u00FF'))
            {
                throw new ArgumentException($"dialect '{dialect}' must be at most {SmbLimits.MaxDialectBytes} single-byte characters without NUL", nameof(dialects));
            }

            length += dialect.Length + 2;
        }

        Dialects = [.. dialects];
        ByteCount = length;
    }

    /// <summary>What a Messenger client offers: only NT LM 0.12 (as Impacket does).</summary>
    public static NegotiateRequest Messenger { get; } = new([NtLm012]);

    public IReadOnlyList<string> Dialects { get; }

    public override byte WordCount => 0;

    public override int ByteCount { get; }

    /// <summary>Index of <paramref name="dialect"/> in the offer (exact match), or -1.</summary>
    public int IndexOf(string dialect)
    {
        for (var i = 0; i < Dialects.Count; i++)
        {
            if (string.Equals(Dialects[i], dialect, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    public static NegotiateRequest Read(ref WireReader reader)
    {
        SmbBlocks.ReadWords(ref reader, 0);
        var bytes = SmbBlocks.ReadBytes(ref reader);
        var dialects = new List<string>();
        while (!bytes.IsAtEnd)
        {
            if (dialects.Count == SmbLimits.MaxDialects)
            {
                bytes.Fail(PacketError.CountOutOfRange);
            }

            dialects.Add(Encoding.Latin1.GetString(SmbBlocks.ReadString(ref bytes, SmbBufferFormat.Dialect, SmbLimits.MaxDialectBytes)));
        }

        return new NegotiateRequest(dialects);
    }

    public bool Equals(NegotiateRequest? other) => other is not null && Dialects.SequenceEqual(other.Dialects, StringComparer.Ordinal);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var dialect in Dialects)
        {
            hash.Add(dialect, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    private protected override void WriteWords(ref WireWriter writer) { }

    private protected override void WriteBytes(ref WireWriter writer)
    {
        foreach (var dialect in Dialects)
        {
            writer.WriteByte((byte)SmbBufferFormat.Dialect);
            Encoding.Latin1.GetBytes(dialect, writer.Reserve(dialect.Length));
            writer.WriteByte(0);
        }
    }
}
