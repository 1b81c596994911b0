namespace Messngr.Cli.Options;

/// <summary><c>messngr id</c>'s options: the parser, --help, completions and man page read this table.</summary>
internal static class IdOptionTable
{
    public static readonly IReadOnlyList<CommandOption> All =
    [
        new("json", null, "one JSON object: nodeId, short (its first group), certificateSha256 (SHA-256 of the certificate's DER, hex), notBefore, notAfter; an error is {\"error\", \"exitCode\"}"),
        ClientOptions.StateDir with { Help = ClientOptions.StateDir.Help + "; a user without a daemon of their own uses the system one in /var/lib/messngr" },
        ClientOptions.Timeout,
    ];
}
