using System.Text;

namespace Messngr.Daemon.Display;

/// <summary>
/// Makes untrusted text (message bodies, sender names) safe for a terminal: every C0 and C1
/// control character except newline and tab is dropped, so ANSI/VT escape sequences (ESC, CSI
/// 0x9B, OSC …) can never reach a tty raw; the bracketed parameters that followed an ESC are
/// dropped with it so no stray "[31m" is left. Invisible format characters that can fake a
/// banner or reorder what is shown are dropped too: bidi embeddings, overrides, isolates and marks
/// (U+202A–202E, U+2066–2069, U+200E/200F, U+061C), zero-width characters (U+200B–200D, U+2060,
/// U+FEFF). The line and paragraph separators U+2028/2029 (which some terminals and viewers break
/// lines at) count as line breaks (issue #10, item 4).
/// </summary>
internal static class TerminalText
{
    public static string Sanitize(string text, bool keepNewlines = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\u001B' || c == '\u009B')
            {
                i = SkipEscapeSequence(text, i);
                continue;
            }

            if (c is '\n' or '\u2028' or '\u2029')
            {
                sb.Append(keepNewlines ? '\n' : ' ');
            }
            else if (c == '\t')
            {
                sb.Append(c);
            }
            else if (char.IsControl(c) || IsInvisibleFormat(c))
            {
                // dropped: BEL, BS, CR, DEL, C1 controls, bidi controls, zero-width characters
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    // ESC [ params final (CSI), ESC ] ... BEL/ST (OSC), ESC P/X/^/_ ... ST (strings), ESC x (two-byte).
    private static int SkipEscapeSequence(string text, int start)
    {
        var i = start + 1;
        if (text[start] == '\u009B' || (i < text.Length && text[i] == '['))
        {
            if (text[start] != '\u009B')
            {
                i++;
            }

            while (i < text.Length && text[i] is >= '\u0020' and <= '\u003F')
            {
                i++;
            }

            return i < text.Length && text[i] is >= '\u0040' and <= '\u007E' ? i : i - 1;
        }

        if (i < text.Length && text[i] is ']' or 'P' or 'X' or '^' or '_')
        {
            for (i++; i < text.Length; i++)
            {
                if (text[i] == '\u0007' || text[i] == '\u009C')
                {
                    return i;
                }

                if (text[i] == '\u001B' && i + 1 < text.Length && text[i + 1] == '\\')
                {
                    return i + 1;
                }
            }

            return text.Length - 1;
        }

        return i < text.Length && text[i] is >= '\u0020' and <= '\u007E' ? i : start;
    }

    /// <summary>
    /// One line for a name (sender, recipient): sanitised, line breaks as spaces, trimmed, cut at
    /// <paramref name="maxLength"/> characters (never inside a surrogate pair); "?" when nothing is left.
    /// </summary>
    public static string SingleLine(string value, int maxLength = 64)
    {
        var clean = Sanitize(value, keepNewlines: false).Trim();
        if (clean.Length > maxLength)
        {
            clean = clean[..(char.IsHighSurrogate(clean[maxLength - 1]) ? maxLength - 1 : maxLength)];
        }

        return clean.Length == 0 ? "?" : clean;
    }

    private static bool IsInvisibleFormat(char c) =>
        c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or >= '\u200B' and <= '\u200F' or '\u2060' or '\uFEFF' or '\u061C';
}
