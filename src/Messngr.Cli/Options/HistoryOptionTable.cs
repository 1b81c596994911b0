namespace Messngr.Cli.Options;

/// <summary><c>messngr history</c>'s options: the parser, --help, completions and man page read this table.</summary>
internal static class HistoryOptionTable
{
    public static readonly IReadOnlyList<CommandOption> All =
    [
        new("limit", "N", "at most N messages (1-1000, default 20)"),
        new("all", null, "also the messages a later one with the same correlation key replaced (hidden by default)"),
        new("json", null, "one JSON array, newest first, of objects with id (the message id, a UUIDv7), from, to, text, transport (smb|mailslot|rpc|native), authenticated, sourceAddress, sourcePort, receivedAt (ISO 8601), seq (this daemon's row number), priority (low|normal|high|critical), verified, senderNode and senderUser (null unless verified native), expiresAt, correlationKey, replyTo, supersededBy (null when absent); text is raw (escaped as JSON), null for a sealed message (open it with 'messngr read ID'); an error is {\"error\", \"exitCode\"}"),
        ClientOptions.StateDir,
        ClientOptions.Timeout,
    ];
}
