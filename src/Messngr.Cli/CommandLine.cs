using Messngr.Cli.Options;

namespace Messngr.Cli;

/// <summary>
/// POSIX-style options for one command: <c>--key value</c>, <c>--key=value</c>, boolean
/// <c>--flag</c> / <c>--no-flag</c>, and positional arguments. Unknown options are errors that
/// name the option (a <see cref="UsageException"/>).
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Values => _values;

    public List<string> Positional { get; } = [];

    public bool Help { get; private set; }

    /// <summary>Parses <paramref name="args"/> by the command's option table.</summary>
    public static CommandLine Parse(string command, IReadOnlyList<string> args, IReadOnlyList<CommandOption> options) =>
        Parse(command, args, Valued(options), Switches(options));

    /// <summary>The long names of the options that take a value.</summary>
    public static string[] Valued(IReadOnlyList<CommandOption> options) => [.. options.Where(o => !o.IsSwitch).Select(o => o.Name)];

    /// <summary>The long names of the switches.</summary>
    public static string[] Switches(IReadOnlyList<CommandOption> options) => [.. options.Where(o => o.IsSwitch).Select(o => o.Name)];

    /// <summary>
    /// Whether <c>--json</c> was asked for, without judging the rest of the line: a usage error
    /// must still be answered in JSON then (issue #12, item 13). Values of valued options and
    /// everything after <c>--</c> are skipped; the last of <c>--json</c>/<c>--no-json</c> wins.
    /// </summary>
    public static bool WantsJson(IReadOnlyList<string> args, IReadOnlyList<CommandOption> options)
    {
        var json = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                break;
            }

            if (arg is "--json" or "--no-json")
            {
                json = arg == "--json";
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) && !arg.Contains('=', StringComparison.Ordinal)
                && options.Any(o => !o.IsSwitch && o.Name == arg[2..]))
            {
                i++;
            }
        }

        return json;
    }

    /// <summary>Parses <paramref name="args"/>; <paramref name="valued"/> take a value, <paramref name="switches"/> do not.</summary>
    public static CommandLine Parse(string command, IReadOnlyList<string> args, IReadOnlyCollection<string> valued, IReadOnlyCollection<string> switches)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "-?" or "/?")
            {
                line.Help = true;
                continue;
            }

            if (arg == "--")
            {
                line.Positional.AddRange(args.Skip(i + 1));
                break;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                line.Positional.Add(arg);
                continue;
            }

            var body = arg[2..];
            string? value = null;
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = body[(equals + 1)..];
                body = body[..equals];
            }

            if (valued.Contains(body))
            {
                if (value is null)
                {
                    if (i + 1 >= args.Count)
                    {
                        throw new UsageException($"{command}: option --{body} needs a value");
                    }

                    value = args[++i];
                }

                line._values[body] = value;
            }
            else if (switches.Contains(body) && value is null)
            {
                line._values[body] = "yes";
            }
            else if (body.StartsWith("no-", StringComparison.Ordinal) && switches.Contains(body[3..]) && value is null)
            {
                line._values[body[3..]] = "no";
            }
            else
            {
                throw new UsageException($"{command}: unknown option --{body} (see 'messngr {command} --help')");
            }
        }

        return line;
    }
}
