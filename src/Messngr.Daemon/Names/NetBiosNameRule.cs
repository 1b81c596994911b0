namespace Messngr.Daemon.Names;

/// <summary>
/// The one rule for a NetBIOS name a person types — a recipient, <c>--from</c>, <c>name --add</c>,
/// the daemon's computer name, workgroup and aliases: 1–15 characters, no control character and
/// none of <c>\ / : * ? " &lt; &gt; |</c>. RFC 1001 §14 lets the 15 bytes hold anything; the
/// characters refused are the ones Windows refuses in a NetBIOS name (Windows 2000 message
/// "The NetBIOS name is invalid": <c>\ / : * ? " &lt; &gt; |</c>; [MS-NBTE] 2.2.1), so a name
/// accepted here is one every Windows peer and Samba accept too. Whether the name fits 15 bytes in
/// the OEM code page is checked where the code page is known (<see cref="NameValidator"/>).
/// </summary>
internal static class NetBiosNameRule
{
    /// <summary>Characters in a NetBIOS name (the 16th byte is the suffix; protocols.md §1.1).</summary>
    public const int MaxLength = 15;

    /// <summary>The rule in words, the tail of every error.</summary>
    public const string Rule = "a NetBIOS name has 1-15 characters, none of them \\ / : * ? \" < > | or a control character";

    /// <summary>
    /// Null when <paramref name="name"/> is a valid NetBIOS name, else one line:
    /// "<paramref name="what"/> 'BAD*NAME' is not a valid NetBIOS name: '*' is not allowed (the rule)";
    /// an empty <paramref name="what"/> leaves the prefix out.
    /// </summary>
    public static string? Validate(string name, string what)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(what);
        string? reason = null;
        if (name.Length == 0)
        {
            reason = "it is empty";
        }
        else if (name.Length > MaxLength)
        {
            reason = $"it is longer than {MaxLength} characters";
        }
        else if (name.FirstOrDefault(IsRefused) is var bad and not '\0')
        {
            reason = $"'{Display(bad.ToString())}' is not allowed";
        }
        else if (name.Contains('\0', StringComparison.Ordinal))
        {
            reason = $"'{Display("\0")}' is not allowed";
        }

        return reason is null ? null : $"{(what.Length == 0 ? string.Empty : what + " ")}'{Display(Shown(name))}' is not a valid NetBIOS name: {reason} ({Rule})";
    }

    /// <summary>True when <paramref name="name"/> follows the rule.</summary>
    public static bool IsValid(string name) => Validate(name, "name") is null;

    /// <summary>At most 40 characters of a name echoed back: the error stays one readable line.</summary>
    private static string Shown(string name) => name.Length <= 40 ? name : string.Concat(name.AsSpan(0, 40), "…");

    private static bool IsRefused(char ch) => char.IsControl(ch) || ch is '\\' or '/' or ':' or '*' or '?' or '"' or '<' or '>' or '|';

    /// <summary>Control characters as \xNN, so that the error line stays one line and shows what was typed.</summary>
    private static string Display(string text) => string.Concat(text.Select(ch => char.IsControl(ch) ? $"\\x{(int)ch:x2}" : ch.ToString()));
}
