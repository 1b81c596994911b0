namespace Messngr.Cli.Options;

/// <summary><c>messngr peers</c>'s options: the parser, --help, completions and man page read this table.</summary>
internal static class PeersOptionTable
{
    public static readonly IReadOnlyList<CommandOption> All =
    [
        new("json", null, "one JSON array: nodeId and short (null for a static peer not heard from), names, address, port, lastSeen, source (announced, static or both), trusted; an error is {\"error\", \"exitCode\"}"),
        ClientOptions.StateDir with { Help = ClientOptions.StateDir.Help + "; a user without a daemon of their own uses the system one in /var/lib/messngr" },
        ClientOptions.Timeout,
    ];
}
