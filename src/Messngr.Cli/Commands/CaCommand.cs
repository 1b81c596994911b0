using System.Security.Cryptography;
using System.Text.Json;
using Messngr.Cli.Help;
using Messngr.Cli.Options;
using Messngr.Daemon.Native;

namespace Messngr.Cli.Commands;

/// <summary><c>messngr ca init|sign</c>: a workgroup CA whose node certificates peers trust with <c>trust ca</c> (issue #13, item 4).</summary>
internal static class CaCommand
{
    public static readonly CommandHelp Manual = new(
        "ca",
        "make a workgroup CA and sign node certificates with it",
        """
        usage: messngr ca init --dir DIR [--json]
               messngr ca sign --ca-dir DIR --node-cert FILE --out FILE [--json]
        """,
        """
        A workgroup CA saves pinning every node on every node: a daemon with 'trust ca =
        DIR/ca-cert.pem' trusts every node whose certificate the CA signed. 'init' makes the CA's
        key and certificate in DIR (0600; it refuses to replace an existing CA). 'sign' issues a
        certificate for the key in a node's STATE_DIR/node-cert.pem; install it as that node's
        node-cert.pem and restart its daemon. The node id stays the same: it is a hash of the
        node's key, not of its certificate. Keep DIR off the network: its key vouches for nodes.
        Needs no daemon.
        """,
        CaOptionTable.All,
        [
            new(ExitCodes.Ok, "ok"),
            new(ExitCodes.Usage, "usage error"),
            new(ExitCodes.DataError, "refused: DIR already holds a CA, or a file is not the certificate or key it should be"),
            new(ExitCodes.NoInput, "the CA or the node certificate does not exist"),
            new(ExitCodes.Software, "internal error"),
            new(ExitCodes.Permission, "permission denied reading or writing a file"),
        ]);

    public static string Help => Manual.Text;

    public static int Run(IReadOnlyList<string> args) => Run(args, Console.Out, Console.Error);

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var line = CommandLine.Parse("ca", args, CaOptionTable.All);
        if (line.Help)
        {
            output.Write(Help);
            return ExitCodes.Ok;
        }

        var action = line.Positional.Count == 1 ? line.Positional[0].ToLowerInvariant() : throw new UsageException("ca: say what to do: messngr ca init --dir DIR | ca sign --ca-dir DIR --node-cert FILE --out FILE");
        var json = line.Values.GetValueOrDefault("json") == "yes";
        var values = line.Values;
        try
        {
            CaResultDto result;
            switch (action)
            {
                case "init":
                    var dir = Required(values, "dir", action);
                    Only(values, action, "dir", "json");
                    using (var authority = WorkgroupCa.Init(dir, DateTimeOffset.UtcNow))
                    {
                        result = new CaResultDto(Path.GetFullPath(Path.Combine(dir, WorkgroupCa.CertificateFileName)), Path.GetFullPath(Path.Combine(dir, WorkgroupCa.KeyFileName)), null, NodeCertificates.Fingerprint(authority), authority.NotAfter.ToUniversalTime());
                    }

                    if (!json)
                    {
                        output.WriteLine($"Workgroup CA made: {result.Certificate} (give this file to every node as 'trust ca'), key {result.Key} (keep it private).");
                    }

                    break;
                case "sign":
                    var caDir = Required(values, "ca-dir", action);
                    var nodeCert = Required(values, "node-cert", action);
                    var outFile = Required(values, "out", action);
                    Only(values, action, "ca-dir", "node-cert", "out", "json");
                    using (var issued = WorkgroupCa.Sign(caDir, nodeCert, outFile, DateTimeOffset.UtcNow))
                    {
                        result = new CaResultDto(Path.GetFullPath(outFile), null, NodeId.FromCertificate(issued).ToString(), NodeCertificates.Fingerprint(issued), issued.NotAfter.ToUniversalTime());
                    }

                    if (!json)
                    {
                        output.WriteLine($"Signed node {result.NodeId}: {result.Certificate} (install it as that node's node-cert.pem and restart its daemon).");
                    }

                    break;
                default:
                    throw new UsageException($"ca: unknown action '{Control.ClientText.Line(action)}' (init or sign)");
            }

            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(result, CaJsonContext.Default.CaResultDto));
            }

            return ExitCodes.Ok;
        }
        catch (FileNotFoundException ex)
        {
            return Fail(ex.Message, ExitCodes.NoInput);
        }
        catch (DirectoryNotFoundException ex)
        {
            return Fail(ex.Message, ExitCodes.NoInput);
        }
        catch (UnauthorizedAccessException ex)
        {
            return Fail(ex.Message, ExitCodes.Permission);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or CryptographicException)
        {
            return Fail(ex.Message, ExitCodes.DataError);
        }

        int Fail(string message, int code)
        {
            var text = $"messngr ca {action}: {Control.ClientText.Line(message)}";
            if (json)
            {
                output.WriteLine(Output.JsonError.Format(text, code));
            }

            error.WriteLine(text);
            return code;
        }
    }

    private static string Required(IReadOnlyDictionary<string, string> values, string option, string action) =>
        values.TryGetValue(option, out var value) && value.Length > 0 ? value : throw new UsageException($"ca {action}: --{option} is required");

    private static void Only(IReadOnlyDictionary<string, string> values, string action, params string[] allowed)
    {
        if (values.Keys.FirstOrDefault(k => !allowed.Contains(k)) is { } extra)
        {
            throw new UsageException($"ca {action}: --{extra} does not go with '{action}'");
        }
    }
}
