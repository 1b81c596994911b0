using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Messngr.Daemon.Native;

/// <summary>
/// A node's identity in the form of Syncthing's device id (lib/protocol/deviceid.go): a SHA-256
/// hash in RFC 4648 base32 without padding (52 characters), cut into four groups of 13 that each
/// get a <see cref="Luhn32"/> check character (56), shown as eight groups of seven joined by
/// dashes: <c>P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2</c>. People compare
/// the first group aloud (<see cref="Short"/>).
/// <para>
/// One deliberate difference: messngr hashes the certificate's SubjectPublicKeyInfo (DER), where
/// Syncthing hashes the whole certificate. The id is then the id of the key (issue #13 item 2,
/// architecture.md "a hash of the public key", as SSH and HPKP pins do), so a certificate renewed
/// or signed by a workgroup CA for the same key keeps the id peers have pinned.
/// </para>
/// </summary>
internal sealed record NodeId
{
    /// <summary>Bytes of the hash (SHA-256).</summary>
    public const int HashLength = 32;

    /// <summary>Base32 characters of the hash without padding (⌈256 / 5⌉).</summary>
    public const int Base32Length = 52;

    /// <summary>Characters between check characters.</summary>
    private const int CheckGroupLength = 13;

    /// <summary>Base32 characters plus the four check characters.</summary>
    public const int CheckedLength = Base32Length + (Base32Length / CheckGroupLength);

    /// <summary>Characters of one group as shown (and of <see cref="Short"/>).</summary>
    public const int DisplayGroupLength = 7;

    private readonly string _base32;

    private NodeId(string base32) => _base32 = base32;

    /// <summary>The id of <paramref name="certificate"/>'s public key.</summary>
    public static NodeId FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return FromSubjectPublicKeyInfo(certificate.PublicKey.ExportSubjectPublicKeyInfo());
    }

    /// <summary>The id of a public key given as SubjectPublicKeyInfo DER (RFC 5280 §4.1.2.7).</summary>
    public static NodeId FromSubjectPublicKeyInfo(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        FromHash(SHA256.HashData(subjectPublicKeyInfo));

    /// <summary>The id of a SHA-256 hash already computed.</summary>
    public static NodeId FromHash(ReadOnlySpan<byte> hash) =>
        hash.Length == HashLength
            ? new NodeId(Encode(hash))
            : throw new ArgumentException($"a node id hash has {HashLength} bytes, not {hash.Length}", nameof(hash));

    /// <summary>The SHA-256 hash the id stands for.</summary>
    public byte[] Hash() => Decode(_base32);

    /// <summary>The hash as lower-case hex, as <c>sha256sum</c> prints it.</summary>
    public string HashHex => Convert.ToHexStringLower(Hash());

    /// <summary>The first group of seven, for people to read aloud.</summary>
    public string Short => _base32[..DisplayGroupLength];

    /// <summary>Eight groups of seven with their check characters, joined by dashes.</summary>
    public override string ToString()
    {
        var checkedText = new StringBuilder(CheckedLength);
        for (var i = 0; i < Base32Length; i += CheckGroupLength)
        {
            var group = _base32.AsSpan(i, CheckGroupLength);
            checkedText.Append(group).Append(Luhn32.Check(group));
        }

        var text = checkedText.ToString();
        return string.Join('-', Enumerable.Range(0, CheckedLength / DisplayGroupLength).Select(g => text.Substring(g * DisplayGroupLength, DisplayGroupLength)));
    }

    public bool Equals(NodeId? other) => other is not null && string.Equals(_base32, other._base32, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_base32);

    /// <summary>Whether <paramref name="text"/> is a node id in any form <see cref="Parse"/> reads.</summary>
    public static bool TryParse(string? text, out NodeId id)
    {
        try
        {
            id = Parse(text ?? string.Empty);
            return true;
        }
        catch (NodeIdFormatException)
        {
            id = null!;
            return false;
        }
    }

    /// <summary>
    /// Reads a node id as people write it (Syncthing's <c>UnmarshalText</c>): upper or lower case,
    /// groups split by dashes or spaces anywhere, 0/1/8 read as O/I/B, with the four check
    /// characters (56) or without them (52, Syncthing's old form). Anything else, or a check
    /// character that does not match its group, is a <see cref="NodeIdFormatException"/>.
    /// </summary>
    public static NodeId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var plain = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '-' or ' ')
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c) switch { '0' => 'O', '1' => 'I', '8' => 'B', var u => u };
            if (Luhn32.CodePoint(upper) < 0)
            {
                throw new NodeIdFormatException(NodeIdError.Character, $"'{Printable(c)}' cannot be in a node id (letters A-Z and digits 2-7, groups split by dashes)");
            }

            plain.Append(upper);
        }

        var chars = plain.ToString();
        if (chars.Length == Base32Length)
        {
            return Checked(chars);
        }

        if (chars.Length != CheckedLength)
        {
            throw new NodeIdFormatException(NodeIdError.Length, $"a node id has {CheckedLength} letters and digits (8 groups of {DisplayGroupLength}), not {chars.Length}");
        }

        var base32 = new StringBuilder(Base32Length);
        for (var g = 0; g < CheckedLength / (CheckGroupLength + 1); g++)
        {
            var group = chars.AsSpan(g * (CheckGroupLength + 1), CheckGroupLength);
            if (Luhn32.Check(group) != chars[(g * (CheckGroupLength + 1)) + CheckGroupLength])
            {
                var first = (g * 2) + 1;
                throw new NodeIdFormatException(NodeIdError.CheckCharacter, $"the node id has a typo in groups {first}-{first + 1} (their check character does not match)", g + 1);
            }

            base32.Append(group);
        }

        return Checked(base32.ToString());
    }

    /// <summary>52 base32 characters carry 260 bits; the last 4 must be zero for a 256-bit hash.</summary>
    private static NodeId Checked(string base32) =>
        (Luhn32.CodePoint(base32[^1]) & 0b1111) == 0
            ? new NodeId(base32)
            : throw new NodeIdFormatException(NodeIdError.TrailingBits, "the node id's last character cannot end a SHA-256 hash (a typo in the last group?)");

    // RFC 4648 §6: 5 bits a character, most significant first; no padding.
    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(Base32Length);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = ((buffer << 8) | b) & 0xFFF;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Luhn32.Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            text.Append(Luhn32.Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }

    private static byte[] Decode(string base32)
    {
        var bytes = new byte[HashLength];
        int buffer = 0, bits = 0, n = 0;
        foreach (var c in base32)
        {
            buffer = ((buffer << 5) | Luhn32.CodePoint(c)) & 0xFFF;
            bits += 5;
            if (bits >= 8 && n < HashLength)
            {
                bytes[n++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }
        }

        return bytes;
    }

    private static string Printable(char c) => char.IsControl(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : c.ToString();
}
