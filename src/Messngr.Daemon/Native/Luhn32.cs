namespace Messngr.Daemon.Native;

/// <summary>
/// The check character of a node id group: Syncthing's "Luhn mod 32" over the RFC 4648 base32
/// alphabet (syncthing lib/protocol/luhn.go). It is not the textbook Luhn mod N algorithm: the
/// factor starts at 1 on the LEFTMOST character and alternates 1, 2, 1, 2 …, and a doubled value
/// is reduced as <c>v / 32 + v % 32</c>; the check is <c>(32 − sum % 32) % 32</c>. Syncthing keeps
/// this variant for compatibility (forum.syncthing.net "v0.9.0 new node ID format"), and so do we,
/// so that a messngr id reads and checks like a Syncthing device id.
/// </summary>
internal static class Luhn32
{
    /// <summary>RFC 4648 §6 base32 alphabet.</summary>
    public const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>The value of a base32 character, or −1 when it is not in <see cref="Alphabet"/>.</summary>
    public static int CodePoint(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= '2' and <= '7' => c - '2' + 26,
        _ => -1,
    };

    /// <summary>The check character of <paramref name="group"/> (upper-case base32 characters only).</summary>
    public static char Check(ReadOnlySpan<char> group)
    {
        const int n = 32;
        var factor = 1;
        var sum = 0;
        foreach (var c in group)
        {
            var codePoint = CodePoint(c);
            if (codePoint < 0)
            {
                throw new ArgumentException($"'{c}' is not a base32 character", nameof(group));
            }

            var addend = factor * codePoint;
            factor = factor == 2 ? 1 : 2;
            sum += (addend / n) + (addend % n);
        }

        return Alphabet[(n - (sum % n)) % n];
    }
}
