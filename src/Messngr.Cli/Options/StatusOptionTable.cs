namespace Messngr.Cli.Options;

/// <summary><c>messngr status</c>'s options: the parser, --help, completions and man page read this table.</summary>
internal static class StatusOptionTable
{
    public static readonly IReadOnlyList<CommandOption> All =
    [
        new("json", null, "one JSON object: netBiosName, workgroup, startedAt, runningAs (the user the daemon runs as), stateDirectory, nodeId, names, listeners (name, protocol, endPoint, bound, error, state: bound, in use, permission denied, failed; owner), counters (name → count); an error is {\"error\", \"exitCode\"}"),
        ClientOptions.StateDir,
        ClientOptions.Timeout,
    ];
}
