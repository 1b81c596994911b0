namespace Messngr.Daemon.Api;

/// <summary>
/// The <c>--send-to PATTERN</c> of an API token (issue #15, item 1): a glob over the recipient as
/// the request names it, <c>*</c> any run of characters, <c>?</c> one, everything else literal and
/// compared without regard to case (NetBIOS names are upper case on the wire, RFC 1001 §14.1):
/// <c>OPS*</c>, <c>ADMIN</c>, <c>*@host</c>. Matching is iterative with one back-track point, so
/// a pattern of many stars costs O(pattern × text), never exponential time.
/// </summary>
internal static class RecipientPattern
{
    public const int MaxLength = 255;

    /// <summary>What is wrong with <paramref name="pattern"/>; null when it can be stored.</summary>
    public static string? Problem(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return "a --send-to pattern is empty";
        }

        if (pattern.Length > MaxLength)
        {
            return $"a --send-to pattern is longer than {MaxLength} characters";
        }

        return pattern.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == ',') ? "a --send-to pattern holds a space, comma or control character" : null;
    }

    public static bool Matches(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
