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
/// be in raw mode); the text is cut at <see cref="TtySinkOptions.MaxTextLength"/> characters, and
/// the cut is said on a line of its own (<see cref="TruncatedLine"/>: how many characters were left
/// out and, for a stored message, the command that prints it whole — issue #14, "Bad input": 100 KB
/// of text is "truncated visibly where a display has a limit").
/// Every text line is indented by <see cref="BodyIndent"/>, so no line of the text can start at
/// the left margin and pass for a banner of another message (issue #10, item 4); long lines are
/// folded at <see cref="FoldColumns"/> columns, as wall(1) folds at 79, so that an 80-column
/// terminal's own wrap cannot put text at the margin either (wide characters count two columns,
/// a tab eight). A sealed message (<see cref="ReceivedMessage.Sealed"/>; IP Messenger's sealed
/// envelope, issue #13 item 6) is written as its header and <see cref="SealedLine"/> — never its text.
/// </summary>
internal static class TtyMessageFormatter
{
    /// <summary>What the line below a cut text starts with.</summary>
    public const string TruncatedMarker = "[message truncated";

    /// <summary>
    /// The line below a text cut after <paramref name="more"/> characters fewer than it has: with
    /// <c>messngr read ID</c> (which prints it whole) when the message is stored (its
    /// <see cref="ReceivedMessage.Id"/> is set); a <c>send /users</c> text is not stored, so none.
    /// </summary>
    public static string TruncatedLine(ReceivedMessage message, int more)
    {
        ArgumentNullException.ThrowIfNull(message);
        var whole = message.Id > 0 ? $"; 'messngr read {message.MessageId}' shows all" : string.Empty;
        return $"{TruncatedMarker}: {more.ToString(CultureInfo.InvariantCulture)} more characters{whole}]";
    }

    /// <summary>What every line of the text starts with.</summary>
    public const string BodyIndent = "  ";

    /// <summary>Columns a shown line takes at most, indent included.</summary>
    public const int FoldColumns = 79;

    private const int MaxNameLength = 64;

    /// <summary>What a sealed message shows instead of its text, with its message id.</summary>
    public static string SealedLine(MessageId id) => $"sealed message: open it with 'messngr read {id}'";

    /// <param name="before">A line of the daemon's own written above the banner (issue #14, item 3: "messngr: N messages held during quiet hours").</param>
    /// <param name="after">A line of the daemon's own written below the text (a critical reminder's mark).</param>
    public static byte[] Format(ReceivedMessage message, TtySinkOptions options, string? before = null, string? after = null)
    {
        var sb = new StringBuilder();
        if (options.Bell)
        {
            sb.Append('\a');
        }

        if (before is not null)
        {
            sb.Append("\r\n").Append(TerminalText.SingleLine(before, FoldColumns)).Append("\r\n");
        }

        var when = message.ReceivedAt.ToLocalTime().ToString("HH:mm", CultureInfo.InvariantCulture);
        sb.Append("\r\nMessage from ").Append(Field(message.From))
            .Append(" to ").Append(Field(message.To))
            .Append(" on ").Append(message.Source.Address)
            .Append(" at ").Append(when)
            .Append(" (").Append(MessageTransportName.Of(message.Transport))
            .Append(", ").Append(message.Verified ? "verified" : "unverified").Append("):\r\n");

        if (message.Sealed)
        {
            sb.Append(BodyIndent).Append(SealedLine(message.MessageId)).Append("\r\n");
            return Encode(sb, after, options);
        }

        var text = Body(message.Text, options.MaxTextLength, out var more);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                sb.Append("\r\n");
                continue;
            }

            foreach (var part in Fold(line, FoldColumns - BodyIndent.Length))
            {
                sb.Append(BodyIndent).Append(part).Append("\r\n");
            }
        }

        if (more > 0)
        {
            sb.Append(TruncatedLine(message, more)).Append("\r\n");
        }

        return Encode(sb, after, options);
    }

    private static byte[] Encode(StringBuilder sb, string? after, TtySinkOptions options)
    {
        if (after is not null)
        {
            sb.Append(TerminalText.SingleLine(after, FoldColumns * 2)).Append("\r\n");
        }

        return (options.Utf8 ? Encoding.UTF8 : Encoding.ASCII).GetBytes(sb.ToString());
    }

    private static string Field(string value) => TerminalText.SingleLine(value, MaxNameLength);

    /// <param name="more">Characters of the sanitised text left out (0: none).</param>
    private static string Body(string text, int maxLength, out int more)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace('\u2028', '\n').Replace('\u2029', '\n').Split('\n');
        var clean = string.Join('\n', lines.Select(l => TerminalText.Sanitize(l, keepNewlines: false))).TrimEnd('\n');
        var shown = Cut(clean, maxLength);
        more = clean.Length - shown.Length;
        return shown;
    }

    /// <summary>Pieces of <paramref name="line"/> of at most <paramref name="columns"/> columns each, never splitting a surrogate pair.</summary>
    private static IEnumerable<string> Fold(string line, int columns)
    {
        var start = 0;
        var width = 0;
        for (var i = 0; i < line.Length; i++)
        {
            var pair = char.IsHighSurrogate(line[i]) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]);
            var w = pair ? 2 : Columns(line[i]);
            if (width + w > columns && i > start)
            {
                yield return line[start..i];
                start = i;
                width = 0;
            }

            width += w;
            if (pair)
            {
                i++;
            }
        }

        yield return line[start..];
    }

    // Over-estimates rather than under-estimates: East Asian wide and fullwidth blocks take two
    // columns (Unicode UAX #11), a tab up to eight; everything else one.
    private static int Columns(char c) => c switch
    {
        '\t' => 8,
        >= '\u1100' and <= '\u115F' or >= '\u2E80' and <= '\uA4CF' or >= '\uAC00' and <= '\uD7A3'
            or >= '\uF900' and <= '\uFAFF' or >= '\uFE30' and <= '\uFE4F' or >= '\uFF00' and <= '\uFF60' or >= '\uFFE0' and <= '\uFFE6' => 2,
        _ => 1,
    };

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
