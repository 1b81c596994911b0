using System.Security.Cryptography;
using System.Text;
using Messngr.Cli.Control;
using Messngr.Cli.Commands;

namespace Messngr.Cli.Integrations;

/// <summary>
/// What a system tool's event becomes (issue #15, item 4): an alert TEXT at a priority, with an
/// optional correlation key (a later alert with the same key replaces it) and an optional
/// recipient the caller named; none: the alert names. Sent by <see cref="AlertCommand"/>.
/// </summary>
internal sealed record IntegrationAlert(string Text, string Priority, string? CorrelationKey = null, string? To = null)
{
    /// <summary>The longest correlation key send takes.</summary>
    public const int MaxKeyLength = 128;

    /// <summary>
    /// Sends the alert: options the admin gave on the command line win over what the event
    /// maps to (--priority, --correlation-key, --to); the text is never read as @FILE or stdin.
    /// </summary>
    public Task<int> SendAsync(string command, IReadOnlyDictionary<string, string> options, CommandContext context, CancellationToken cancellationToken)
    {
        var flags = new Dictionary<string, string>(options, StringComparer.Ordinal);
        flags.TryAdd("priority", Priority);
        if (CorrelationKey is not null)
        {
            flags.TryAdd("correlation-key", CorrelationKey);
        }

        if (To is not null)
        {
            flags.TryAdd("to", To);
        }

        var text = Text.Length > SendCommand.MaxTextCharacters ? Text[..SendCommand.MaxTextCharacters] : Text;
        return AlertCommand.SendTextAsync(command, flags, text, context, cancellationToken);
    }

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

    /// <summary>Untrusted text for the message: control characters and terminal escapes made inert, on one line.</summary>
    public static string Inert(string text) => Messngr.Daemon.Display.TerminalText.Sanitize(text, keepNewlines: false);

    /// <summary>This machine's name, for "... on HOST".</summary>
    public static string HostName => System.Net.Dns.GetHostName();
}
