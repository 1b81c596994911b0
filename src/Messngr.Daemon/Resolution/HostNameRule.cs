namespace Messngr.Daemon.Resolution;

/// <summary>
/// The HOST of <c>NAME@HOST</c> and <c>--server HOST</c> is a host name, not a NetBIOS name
/// (issue #12, item 8): it is kept as typed — case and length — and resolved by the system
/// resolver (DNS, /etc/hosts); only a single label that is also a NetBIOS name is resolved the
/// NetBIOS way (<see cref="IsNetBiosHost"/>), as Windows resolves a computer name.
/// </summary>
internal static class HostNameRule
{
    /// <summary>Longest host name (RFC 1035 §2.3.4: 255 octets on the wire, 253 characters as text).</summary>
    public const int MaxLength = 253;

    /// <summary>Longest label (RFC 1035 §2.3.4).</summary>
    public const int MaxLabelLength = 63;

    /// <summary>The rule in words, for error messages.</summary>
    public const string Rule = "an IPv4 address or a host name: labels of letters, digits and '-', 1-63 characters each, 253 in all";

    /// <summary>
    /// RFC 1123 §2.1 (which relaxes RFC 952): labels of ASCII letters, digits and hyphens, not
    /// starting or ending with a hyphen, 1-63 characters; at most 253 in all. One trailing dot (an
    /// absolute name) is allowed.
    /// </summary>
    public static bool IsHostName(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.EndsWith('.') ? host[..^1] : host;
        return name.Length is > 0 and <= MaxLength
            && name.Split('.').All(label => label.Length is > 0 and <= MaxLabelLength
                && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
                && label[0] != '-' && label[^1] != '-');
    }

    /// <summary>
    /// A single label of at most 15 characters that is a valid NetBIOS name (<c>files</c>,
    /// <c>PC_07</c>): resolved as the computer name HOST&lt;00&gt; by the configured methods, DNS
    /// among them. Anything with a dot or longer goes to the system resolver only.
    /// </summary>
    public static bool IsNetBiosHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return !host.Contains('.', StringComparison.Ordinal) && Names.NetBiosNameRule.IsValid(host);
    }
}
