using System.Text.Json;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Serve;

/// <summary>
/// Issue #13, items 2 and 4, on the real <c>messngr serve</c> and <c>messngr id</c>/<c>trust</c>:
/// the node id the daemon reports is the one openssl(1) computes from the certificate file, it
/// survives a restart, the daemon that drops to <c>--user nobody</c> still reads its key and writes
/// its trust list, and a corrupt key stops serve with exit 70 and one line.
/// </summary>
public sealed class NodeIdentityServeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-identity-").FullName;

    public NodeIdentityServeTests()
    {
        // The daemon, once uid nobody, reopens files in its state directory: the path must be traversable.
        File.SetUnixFileMode(_dir, (UnixFileMode)0b111_101_101);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Tool.Result Messngr(params string[] args) =>
        Tool.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "messngr.dll"), .. args]);

    private static string Sha256(string pipeline)
    {
        var run = Tool.Run("/bin/sh", ["-c", $"set -e; {pipeline} | sha256sum"]);
        Assert.True(run.ExitCode == 0, run.Error);
        return run.Output.Split(' ')[0];
    }

    private static byte[] Base32Hash(string nodeId)
    {
        // The id's 52 base32 characters without the four check characters (every 14th).
        var plain = nodeId.Replace("-", string.Empty, StringComparison.Ordinal);
        var base32 = string.Concat(Enumerable.Range(0, 4).Select(g => plain.Substring(g * 14, 13)));
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in base32)
        {
            buffer = ((buffer << 5) | "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".IndexOf(c, StringComparison.Ordinal)) & 0xFFF;
            bits += 5;
            if (bits >= 8 && bytes.Count < 32)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }

    [Fact]
    public void The_node_id_is_what_openssl_computes_and_survives_a_restart_after_the_privilege_drop()
    {
        var state = Path.Combine(_dir, "state");
        string nodeId;
        using (var serve = ServeProcess.StartIn(state, "HOSTI", "LAB", "--user", "nobody"))
        {
            var id = Messngr("id", "--json", "--state-dir", state);
            Assert.True(id.ExitCode == 0, id.Error);
            using var json = JsonDocument.Parse(id.Output);
            nodeId = json.RootElement.GetProperty("nodeId").GetString()!;
            var cert = Path.Combine(state, "node-cert.pem");
            Assert.Equal(Sha256($"openssl x509 -in '{cert}' -pubkey -noout | openssl pkey -pubin -outform der"), Convert.ToHexStringLower(Base32Hash(nodeId)));
            Assert.Equal(Sha256($"openssl x509 -in '{cert}' -outform der"), json.RootElement.GetProperty("certificateSha256").GetString());
            Assert.Equal(nodeId[..7], json.RootElement.GetProperty("short").GetString());
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(state, "node-key.pem")));
            Assert.Equal("nobody", Owner(Path.Combine(state, "node-key.pem")));

            var status = Messngr("status", "--json", "--state-dir", state);
            using (var statusJson = JsonDocument.Parse(status.Output))
            {
                Assert.Equal(nodeId, statusJson.RootElement.GetProperty("nodeId").GetString());
            }

            // The daemon, now uid nobody, writes its trust list; root asked for it.
            var add = Messngr("trust", "add", nodeId, "--name", "self", "--state-dir", state);
            Assert.True(add.ExitCode == 0, add.Error);
            Assert.Equal("nobody", Owner(Path.Combine(state, "trusted-nodes.json")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(state, "trusted-nodes.json")));
            Assert.Contains("node id " + nodeId, serve.Log, StringComparison.Ordinal);
            Assert.Equal(0, serve.Stop());
        }

        using (var again = ServeProcess.StartIn(state, "HOSTI", "LAB", "--user", "nobody"))
        {
            var id = Messngr("id", "--state-dir", state);
            Assert.Equal(nodeId + "\n", id.Output);
            var list = Messngr("trust", "list", "--json", "--state-dir", state);
            Assert.Contains("\"SELF\"", list.Output, StringComparison.Ordinal);
            Assert.Equal(0, again.Stop());
        }
    }

    [Fact]
    public void A_corrupt_node_key_stops_serve_with_exit_70_and_one_line()
    {
        var state = Path.Combine(_dir, "broken");
        Directory.CreateDirectory(state);
        File.WriteAllText(Path.Combine(state, "node-key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        File.WriteAllText(Path.Combine(state, "node-cert.pem"), "junk");
        var run = ServeProcess.RunUntilExit(ServeProcess.FreePorts(), state, "HOSTJ", extra: ["--log-level", "error"]);
        Assert.True(run.ExitCode == 70, $"exit {run.ExitCode}\n{run.Error}");
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"messngr serve: the node identity file {Path.Combine(state, "node-key.pem")} ", line, StringComparison.Ordinal);
        Assert.Equal("junk", File.ReadAllText(Path.Combine(state, "node-cert.pem")));
    }

    private static string Owner(string path)
    {
        var run = Tool.Run("stat", ["-c", "%U", path]);
        return run.Output.Trim();
    }
}
