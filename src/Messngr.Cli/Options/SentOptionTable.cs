namespace Messngr.Cli.Options;

/// <summary><c>messngr sent</c>'s options: the parser, --help, completions and man page read this table.</summary>
internal static class SentOptionTable
{
    public static readonly IReadOnlyList<CommandOption> All =
    [
        new("limit", "N", "at most N messages (1-1000, default 20)"),
        new("json", null, "JSON: an array, newest first (or with ID one object), of id, recipient, nodeId, fromUser, createdAt, expiresAt, state (the furthest: queued, sent, stored, displayed, read, expired or failed), receipts [{state, at, detail}], attempts, lastError; an error is {\"error\", \"exitCode\"}"),
        ClientOptions.StateDir,
        ClientOptions.Timeout,
    ];
}
