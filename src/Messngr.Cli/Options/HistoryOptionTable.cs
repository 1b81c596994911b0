namespace Messngr.Cli.Options;

/// <summary><c>messngr history</c>'s options: the parser, --help, completions and man page read this table.</summary>
internal static class HistoryOptionTable
{
    public static readonly IReadOnlyList<CommandOption> All =
    [
        new("limit", "N", "at most N messages (1-1000, default 20)"),
        new("json", null, "one JSON array, newest first, of objects with id, from, to, text, transport (smb|mailslot|rpc|native), authenticated, sourceAddress, sourcePort, receivedAt (ISO 8601); text is raw (escaped as JSON); an error is {\"error\", \"exitCode\"}"),
        ClientOptions.StateDir,
        ClientOptions.Timeout,
    ];
}
