using System.Text;
using Messngr.Cli.Options;

namespace Messngr.Cli;

/// <summary>The options part of a --help text, made from an option table: one entry an option, wrapped to the terminal's usual 100 columns.</summary>
internal static class OptionHelp
{
    private const int TextColumn = 27;
    private const int Width = 100;

    public static string Lines(IEnumerable<CommandOption> options)
    {
        var sb = new StringBuilder();
        foreach (var option in options)
        {
            var left = $"  {Left(option)}";
            var text = option.Help;
            sb.Append(left);
            var column = left.Length;
            if (column >= TextColumn - 1)
            {
                sb.Append('\n');
                column = 0;
            }

            foreach (var word in text.Split(' '))
            {
                if (column > TextColumn && column + 1 + word.Length > Width)
                {
                    sb.Append('\n');
                    column = 0;
                }

                if (column < TextColumn)
                {
                    sb.Append(' ', TextColumn - column);
                    column = TextColumn;
                }
                else
                {
                    sb.Append(' ');
                    column++;
                }

                sb.Append(word);
                column += word.Length;
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    /// <summary><c>--key VALUE</c>, <c>--[no-]key</c> or <c>--key</c>, as help and the man page show an option.</summary>
    public static string Left(CommandOption option) =>
        option.IsSwitch ? option.Negatable ? $"--[no-]{option.Name}" : $"--{option.Name}" : $"--{option.Name} {option.Value}";
}
