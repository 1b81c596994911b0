using Messngr.Cli.Options;

namespace Messngr.Cli.Integrations;

/// <summary>
/// An integration's command line (issue #15, item 4): the caller's own arguments are always the
/// LAST <c>count</c> ones, taken verbatim (a subject starting with "--" or "@" stays text); the
/// admin's options (alert's: --to, --config, --transport, ...) stand before them.
/// </summary>
internal sealed record IntegrationCommandLine(IReadOnlyDictionary<string, string> Options, IReadOnlyList<string> Arguments, bool Help)
{
    public static IntegrationCommandLine Parse(string command, IReadOnlyList<string> args, int count)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count < count)
        {
            return args.Any(a => a is "-h" or "--help")
                ? new(new Dictionary<string, string>(), [], Help: true)
                : throw new UsageException($"{command}: expected {count} argument(s) after the options, got {args.Count}");
        }

        var options = CommandLine.Parse(command, [.. args.Take(args.Count - count)], AlertOptionTable.All);
        if (options.Help)
        {
            return new(new Dictionary<string, string>(), [], Help: true);
        }

        return options.Positional.Count > 0
            ? throw new UsageException($"{command}: expected {count} argument(s) after the options, got {options.Positional.Count + count}")
            : new(options.Values, [.. args.Skip(args.Count - count)], Help: false);
    }
}
