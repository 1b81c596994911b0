namespace Messngr.Cli.Options;

/// <summary><c>messngr trust</c>'s options: the parser, --help, completions and man page read this table.</summary>
internal static class TrustOptionTable
{
    public static readonly IReadOnlyList<CommandOption> All =
    [
        new("name", "NAME", "with 'add': the NetBIOS name the node is known by; another node claiming it is refused as changed"),
        new("json", null, "print the list (or the entry added or removed) as JSON: nodeId, short, name, addedAt, addedByUid, source (manual, tofu, ca); an error is {\"error\", \"exitCode\"}"),
        ClientOptions.StateDir with { Help = ClientOptions.StateDir.Help + "; a user without a daemon of their own uses the system one in /var/lib/messngr" },
        ClientOptions.Timeout,
    ];
}
