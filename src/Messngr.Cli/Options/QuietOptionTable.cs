namespace Messngr.Cli.Options;

/// <summary><c>messngr dnd</c>'s and <c>messngr quiet-hours</c>' options: the parser, --help, completions and man page read this table.</summary>
internal static class QuietOptionTable
{
    public static readonly IReadOnlyList<CommandOption> All =
    [
        new("json", null, "the settings as one JSON object {dnd, dndUntil, quietHours, quiet, reason, quietUntil, timeZone}; an error is {\"error\", \"exitCode\"}"),
        ClientOptions.StateDir,
        ClientOptions.Timeout,
    ];
}
