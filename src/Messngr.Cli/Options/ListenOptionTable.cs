namespace Messngr.Cli.Options;

/// <summary><c>messngr listen</c>'s options: the parser, --help, completions and man page read this table.</summary>
internal static class ListenOptionTable
{
    public static readonly IReadOnlyList<CommandOption> All =
    [
        new("ack", null, "acknowledge each message read once it is printed (as 'messngr read SEQ' does); a sealed message is not: it stays an envelope until 'messngr read'"),
        new("json", null, "JSON lines: one object a line (fields as 'messngr history --json'), flushed per message, for scripts and pipes; an error is {\"error\", \"exitCode\"}"),
        ClientOptions.StateDir,
        ClientOptions.Timeout with { Help = "seconds the daemon has to accept the subscription (default 5; then exit 75); the wait for messages has no limit" },
    ];
}
