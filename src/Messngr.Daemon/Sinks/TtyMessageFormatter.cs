using System.Globalization;
using System.Text;
using Messngr.Daemon.Display;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Sinks;

/// <summary>
/// The bytes written to a terminal, shaped like write(1)'s output:
/// <code>
/// \r\nMessage from ALICE to HOSTB on 192.0.2.7 at 12:34 (smb, unverified):\r\n
///   text line\r\n
/// </code>
/// Sender and recipient are flattened to one sanitised line each; every text line passes
/// <see cref="TerminalText.Sanitize"/>; CR, LF, CRLF, U+2028 and U+2029 become CRLF (the tty may
/// be in raw mode); the text is cut at <see cref="TtySinkOptions.MaxTextLength"/> characters.
/// Every text line is indented by <see cref="BodyIndent"/>, so no line of the text can start at
/// the left margin and pass for a banner of another message (issue #10, item 4).
/// </summary>
internal static class TtyMessageFormatter
{
    public const string TruncatedMarker = "[message truncated]";

    /// <summary>What every line of the text starts with.</summary>
    public const string BodyIndent = "  ";

    private const int MaxNameLength = 64;

    public static byte[] Format(ReceivedMessage message, TtySinkOptions options)
    {
        var sb = new StringBuilder();
        if (options.Bell)
        {
            sb.Append('\a');
        }

        var when = message.ReceivedAt.ToLocalTime().ToString("HH:mm", CultureInfo.InvariantCulture);
        sb.Append("\r\nMessage from ").Append(Field(message.From))
            .Append(" to ").Append(Field(message.To))
            .Append(" on ").Append(message.Source.Address)
            .Append(" at ").Append(when)
            .Append(" (").Append(message.Transport.ToString().ToLowerInvariant())
            .Append(", ").Append(message.Authenticated ? "verified" : "unverified").Append("):\r\n");

        var text = Body(message.Text, options.MaxTextLength, out var truncated);
        foreach (var line in text.Split('\n'))
        {
            sb.Append(line.Length > 0 ? BodyIndent : string.Empty).Append(line).Append("\r\n");
        }

        if (truncated)
        {
            sb.Append(TruncatedMarker).Append("\r\n");
        }

        return (options.Utf8 ? Encoding.UTF8 : Encoding.ASCII).GetBytes(sb.ToString());
    }

    private static string Field(string value) => TerminalText.SingleLine(value, MaxNameLength);

    private static string Body(string text, int maxLength, out bool truncated)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace('\u2028', '\n').Replace('\u2029', '\n').Split('\n');
        var clean = string.Join('\n', lines.Select(l => TerminalText.Sanitize(l, keepNewlines: false))).TrimEnd('\n');
        truncated = clean.Length > maxLength;
        return truncated ? Cut(clean, maxLength) : clean;
    }

    // Never splits a surrogate pair.
    private static string Cut(string value, int maxLength)
    {
        if (value.Length <= maxLength)
        {
            return value;
        }

        var end = char.IsHighSurrogate(value[maxLength - 1]) ? maxLength - 1 : maxLength;
        return value[..end];
    }
}
