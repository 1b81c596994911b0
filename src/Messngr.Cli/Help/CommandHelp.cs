using System.Text;
using Messngr.Cli.Options;

namespace Messngr.Cli.Help;

/// <summary>
/// Everything one command says about itself: its --help text (<see cref="Text"/>), its man page
/// (<see cref="ManPage"/>) and its shell completions (<see cref="CompletionScript"/>) are made
/// from this one record, with the options from the same table the parser reads (issue #12,
/// items 13 and 14). <see cref="ExitCodes"/> lists exactly what the command can return.
/// </summary>
internal sealed record CommandHelp(
    string Command,
    string Summary,
    string Usage,
    string Description,
    IReadOnlyList<CommandOption> Options,
    IReadOnlyList<ExitCode> ExitCodes)
{
    private const int Width = 100;

    /// <summary>The line above the options.</summary>
    public string OptionsHeading { get; init; } = "options:";

    /// <summary>Paragraphs between the options and the exit codes.</summary>
    public string Notes { get; init; } = string.Empty;

    /// <summary>A sentence after the exit codes.</summary>
    public string ExitNote { get; init; } = string.Empty;

    /// <summary>The --help text.</summary>
    public string Text
    {
        get
        {
            var sb = new StringBuilder();
            sb.Append(Usage.TrimEnd()).Append("\n\n").Append(Description.TrimEnd()).Append("\n\n");
            sb.Append(OptionsHeading).Append('\n').Append(OptionHelp.Lines(Options));
            if (Notes.Length > 0)
            {
                sb.Append('\n').Append(Notes.TrimEnd()).Append('\n');
            }

            sb.Append('\n').Append(ExitCodeLine()).Append('\n');
            return sb.ToString();
        }
    }

    /// <summary>"exit codes: 0 ok, 64 usage error, …", wrapped with a hanging indent.</summary>
    public string ExitCodeLine()
    {
        const string head = "exit codes: ";
        var text = string.Join(", ", ExitCodes.Select(c => $"{c.Code}\u00A0{c.Meaning}")) + (ExitNote.Length > 0 ? ". " + ExitNote : string.Empty);
        var sb = new StringBuilder(head);
        var column = head.Length;
        // a code stays on the line of its first word (joined by U+00A0 until written)
        foreach (var word in text.Split(' ').Select(w => w.Replace('\u00A0', ' ')))
        {
            if (column > head.Length && column + 1 + word.Length > Width)
            {
                sb.Append('\n').Append(' ', head.Length);
                column = head.Length;
            }
            else if (column > head.Length)
            {
                sb.Append(' ');
                column++;
            }

            sb.Append(word);
            column += word.Length;
        }

        return sb.Append('\n').ToString();
    }
}
