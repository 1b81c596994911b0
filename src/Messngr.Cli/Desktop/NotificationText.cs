using System.Text;
using Messngr.Daemon.Display;

namespace Messngr.Cli.Desktop;

/// <summary>
/// Makes untrusted text (sender names, message bodies) inert for a desktop notification
/// (freedesktop Desktop Notifications spec, "Markup": when the server has the "body-markup"
/// capability the body is a subset of XML — &lt;b&gt;, &lt;i&gt;, &lt;u&gt;, &lt;a href&gt;,
/// &lt;img&gt; — so a message's "&lt;" must be sent as "&amp;lt;"; the summary is never markup).
/// Control characters, escape sequences, bidi overrides/isolates/marks and zero-width characters
/// are dropped first (<see cref="TerminalText.Sanitize"/>, issue #10 item 4), so a sender cannot
/// reorder or hide what the popup shows. Long text is cut with a visible marker: a notification
/// bubble shows a few lines, and notification servers keep every shown body in memory (GNOME's
/// and KDE's history), so a 100 KB body is cut to <see cref="BodyLimit"/> characters — the whole
/// text stays in 'messngr history'.
/// </summary>
internal static class NotificationText
{
    /// <summary>Characters of a body shown before the cut marker: about 25 lines of a wide bubble.</summary>
    public const int BodyLimit = 2000;

    /// <summary>Characters of a summary (the sender line): one line of a bubble's title.</summary>
    public const int SummaryLimit = 120;

    /// <summary>The summary: one plain line (the spec: "This is a single line overview").</summary>
    public static string Summary(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Cut(TerminalText.Sanitize(text, keepNewlines: false), SummaryLimit, out _);
    }

    /// <summary>The body: sanitised, cut visibly at <see cref="BodyLimit"/>, escaped when <paramref name="markup"/>.</summary>
    public static string Body(string text, bool markup)
    {
        ArgumentNullException.ThrowIfNull(text);
        var clean = TerminalText.Sanitize(text);
        var shown = Cut(clean, BodyLimit, out var cut);
        var body = markup ? EscapeMarkup(shown) : shown;
        return cut ? body + $"\n[… cut: {BodyLimit} of {clean.Length} characters shown; 'messngr history' has all]" : body;
    }

    /// <summary>The five XML special characters as entities (the spec's body markup is XML-based).</summary>
    public static string EscapeMarkup(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '\'' => "&apos;",
                '"' => "&quot;",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    private static string Cut(string text, int limit, out bool cut)
    {
        cut = text.Length > limit;
        if (!cut)
        {
            return text;
        }

        // never split a surrogate pair
        var end = char.IsHighSurrogate(text[limit - 1]) ? limit - 1 : limit;
        return text[..end];
    }
}
