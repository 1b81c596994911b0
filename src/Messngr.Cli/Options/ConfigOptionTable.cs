namespace Messngr.Cli.Options;

/// <summary><c>messngr config</c>'s options: the parser, --help, completions and man page read this table.</summary>
internal static class ConfigOptionTable
{
    public static readonly IReadOnlyList<CommandOption> All =
    [
        new("config", "FILE", "the config file to check (default: $MESSNGR_CONFIG, else /etc/messngr/messngr.conf)", OptionCompletion.File),
        new("json", null, "one JSON object: file, keys, ok, problems [{line, key, value, reason}]; an error is {\"error\", \"exitCode\"}"),
    ];
}
