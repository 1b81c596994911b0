using System.Security.Cryptography;
using System.Text;
using Messngr.Daemon.Control;

namespace Messngr.Daemon.Integrations;

/// <summary>
/// What a system tool's event becomes (issue #15, item 4): an alert TEXT at a priority, with an
/// optional correlation key (a later alert with the same key replaces it) and the optional
/// recipients the caller named (TO: a comma or space separated list); none: the alert names. Sent by
/// <c>messngr alert</c> (the CLI commands) or by the daemon for <c>messngr-send</c> (<see cref="RelayedIntegrations"/>).
/// </summary>
internal sealed record IntegrationAlert(string Text, string Priority, string? CorrelationKey = null, string? To = null)
{
    /// <summary>The longest correlation key send takes.</summary>
    public const int MaxKeyLength = 128;

    /// <summary>
    /// The text as it is sent: cut to <c>messngr send</c>'s <see cref="ControlAnySendEndpoints.MaxTextCharacters"/>
    /// (a long event is still reported), by the CLI command and by the daemon alike.
    /// </summary>
    public string SentText => Text.Length > ControlAnySendEndpoints.MaxTextCharacters ? Text[..ControlAnySendEndpoints.MaxTextCharacters] : Text;

    /// <summary>
    /// A correlation key <c>PREFIX:VALUE</c> send accepts (1 to 128 of ! to ~): other characters
    /// become '_'; a longer one is PREFIX: and the first 32 hex digits of VALUE's SHA-256.
    /// </summary>
    public static string Key(string prefix, string value)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(value);
        var visible = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            visible.Append(c is >= '!' and <= '~' ? c : '_');
        }

        var key = $"{prefix}:{visible}";
        return key.Length <= MaxKeyLength
            ? key
            : $"{prefix}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32]}";
    }

    /// <summary>A TO list's recipients (<c>messngr alert --to</c>, a media script's TO): <c>messngr alert --to</c> splits a list: at commas, spaces and tabs.</summary>
    public static List<string> SplitTo(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        return [.. list.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    /// <summary>Untrusted text for the message: control characters and terminal escapes made inert, on one line.</summary>
    public static string Inert(string text) => Display.TerminalText.Sanitize(text, keepNewlines: false);

    /// <summary>This machine's name, for "... on HOST".</summary>
    public static string HostName => System.Net.Dns.GetHostName();
}
