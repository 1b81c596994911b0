using System.Globalization;
using System.Text;
using Messngr.Cli.Options;

namespace Messngr.Cli.Help;

/// <summary>
/// <c>messngr man COMMAND</c>: the command's man page in roff (man(7) macros), made from the same
/// <see cref="CommandHelp"/> as its --help, so the two cannot disagree (issue #12, item 14).
/// Read it with <c>messngr man send | man -l -</c>.
/// </summary>
internal static class ManPage
{
    public static string For(CommandHelp help, string version)
    {
        ArgumentNullException.ThrowIfNull(help);
        var title = "MESSNGR-" + help.Command.ToUpperInvariant();
        var sb = new StringBuilder();
        sb.Append(Invariant($".TH {title} 1 \"\" \"messngr {Escape(version)}\" \"messngr manual\"\n"));
        sb.Append(".SH NAME\n").Append(Invariant($"messngr\\-{help.Command} \\- {Escape(help.Summary)}\n"));
        AppendBody(sb, help, ".SH");
        var others = CommandCatalog.All.Where(c => c.Name != help.Command).Select(c => Invariant($"messngr\\-{c.Name}(1)"));
        sb.Append(".SH SEE ALSO\n").Append(string.Join(", ", others)).Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// Synopsis, description, options, notes and exit status of one command, each under
    /// <paramref name="heading"/> followed by its name: <c>.SH</c> on the command's own page,
    /// a bold line (<c>.PP .B</c>) inside <c>messngr(1)</c>, where the command's name is the <c>.SS</c>.
    /// </summary>
    internal static void AppendBody(StringBuilder sb, CommandHelp help, string heading)
    {
        sb.Append(heading).Append(" SYNOPSIS\n.nf\n");
        foreach (var line in help.Usage.TrimEnd().Split('\n'))
        {
            sb.Append(Line(line.Trim().StartsWith("usage: ", StringComparison.Ordinal) ? line.Trim()["usage: ".Length..] : line.Trim())).Append('\n');
        }

        sb.Append(".fi\n").Append(heading).Append(" DESCRIPTION\n.nf\n");
        foreach (var line in help.Description.TrimEnd().Split('\n'))
        {
            sb.Append(Line(line)).Append('\n');
        }

        sb.Append(".fi\n").Append(heading).Append(" OPTIONS\n");
        foreach (var option in help.Options)
        {
            sb.Append(".TP\n").Append(OptionTag(option)).Append('\n').Append(Line(option.Help)).Append('\n');
        }

        sb.Append(".TP\n.B \\-\\-help\nshow the help and exit\n");
        if (help.Notes.Length > 0)
        {
            sb.Append(heading).Append(" NOTES\n.nf\n");
            foreach (var line in help.Notes.TrimEnd().Split('\n'))
            {
                sb.Append(Line(line)).Append('\n');
            }

            sb.Append(".fi\n");
        }

        sb.Append(heading).Append(" EXIT STATUS\n");
        foreach (var code in help.ExitCodes)
        {
            sb.Append(Invariant($".TP\n.B {code.Code}\n")).Append(Line(code.Meaning)).Append('\n');
        }

        if (help.ExitNote.Length > 0)
        {
            sb.Append(".PP\n").Append(Line(help.ExitNote)).Append('\n');
        }
    }

    /// <summary><c>.B \-\-transport</c> <c>\fIT\fR</c>.</summary>
    private static string OptionTag(CommandOption option)
    {
        var name = option.Negatable ? $"\\-\\-[no\\-]{Escape(option.Name)}" : $"\\-\\-{Escape(option.Name)}";
        return option.IsSwitch ? $"\\fB{name}\\fR" : $"\\fB{name}\\fR \\fI{Escape(option.Value!)}\\fR";
    }

    /// <summary>A text line: escaped, and never taken for a request (a leading '.' or ''').</summary>
    internal static string Line(string text)
    {
        var escaped = Escape(text);
        return escaped.StartsWith('.') || escaped.StartsWith('\'') ? "\\&" + escaped : escaped;
    }

    /// <summary>
    /// roff escapes: the backslash itself, '-' as a real hyphen-minus, and every non-ASCII character
    /// as <c>\[uNNNN]</c> (NNNN: the code point in hex), which troff reads whatever the locale (groff_char(7)).
    /// </summary>
    internal static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            _ = rune.Value switch
            {
                '\\' => sb.Append("\\e"),
                '-' => sb.Append("\\-"),
                < 0x80 => sb.Append((char)rune.Value),
                _ => sb.Append(CultureInfo.InvariantCulture, $"\\[u{rune.Value:X4}]"),
            };
        }

        return sb.ToString();
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
