namespace Messngr.Cli.Options;

/// <summary><c>messngr ca</c>'s options: the parser, --help, completions and man page read this table.</summary>
internal static class CaOptionTable
{
    public static readonly IReadOnlyList<CommandOption> All =
    [
        new("dir", "DIR", "with 'init': the directory for the CA's key and certificate (ca-key.pem, ca-cert.pem; created 0700)", OptionCompletion.Directory),
        new("ca-dir", "DIR", "with 'sign': the CA's directory", OptionCompletion.Directory),
        new("node-cert", "FILE", "with 'sign': the node's certificate (its STATE_DIR/node-cert.pem)", OptionCompletion.File),
        new("out", "FILE", "with 'sign': where the signed certificate goes (0600)", OptionCompletion.File),
        new("json", null, "print the result as one JSON object (file paths, nodeId, certificateSha256, notAfter); an error is {\"error\", \"exitCode\"}"),
    ];
}
