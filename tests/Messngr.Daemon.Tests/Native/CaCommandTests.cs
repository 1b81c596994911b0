using System.Text.Json;
using Messngr.Cli;
using Messngr.Cli.Commands;
using Messngr.Daemon.Native;
using Messngr.Daemon.Tests.Users;

namespace Messngr.Daemon.Tests.Native;

/// <summary><c>messngr ca init|sign</c> (issue #13, item 4), checked by openssl(1).</summary>
public sealed class CaCommandTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task Ca_init_and_sign_make_a_certificate_openssl_verifies_against_the_ca()
    {
        using var directory = new TempDirectory();
        var ca = directory.File("ca");
        Directory.CreateDirectory(directory.File("node"));
        using (var identity = NodeIdentity.LoadOrCreate(directory.File("node"), TimeProvider.System))
        {
        }

        var output = new StringWriter();
        Assert.Equal(0, CaCommand.Run(["init", "--dir", ca], output, new StringWriter()));
        Assert.StartsWith("Workgroup CA made: ", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(ca, WorkgroupCa.KeyFileName)));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(ca, WorkgroupCa.CertificateFileName)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(ca));

        var nodeCert = Path.Combine(directory.File("node"), NodeIdentity.CertificateFileName);
        var signed = directory.File("signed.pem");
        output = new StringWriter();
        Assert.Equal(0, CaCommand.Run(["sign", "--ca-dir", ca, "--node-cert", nodeCert, "--out", signed, "--json"], output, new StringWriter()));
        Assert.Equal(Private, File.GetUnixFileMode(signed));
        using var json = JsonDocument.Parse(output.ToString());
        using var node = WorkgroupCa.LoadCertificate(nodeCert, "node certificate");
        Assert.Equal(NodeId.FromCertificate(node).ToString(), json.RootElement.GetProperty("nodeId").GetString());

        var caCert = OpenSsl.Quote(Path.Combine(ca, WorkgroupCa.CertificateFileName));
        var (code, text) = await OpenSsl.ShellAsync($"openssl verify -x509_strict -purpose sslclient -CAfile {caCert} {OpenSsl.Quote(signed)}");
        Assert.True(code == 0, text);
        Assert.EndsWith(": OK\n", text, StringComparison.Ordinal);
        // The self-signed node certificate is not the CA's.
        (code, _) = await OpenSsl.ShellAsync($"openssl verify -CAfile {caCert} {OpenSsl.Quote(nodeCert)}");
        Assert.NotEqual(0, code);
        // Same key, same node id, as openssl computes it from either certificate.
        Assert.Equal(
            await OpenSsl.Sha256Async($"openssl x509 -in {OpenSsl.Quote(nodeCert)} -pubkey -noout | openssl pkey -pubin -outform der"),
            await OpenSsl.Sha256Async($"openssl x509 -in {OpenSsl.Quote(signed)} -pubkey -noout | openssl pkey -pubin -outform der"));
        Assert.Equal(json.RootElement.GetProperty("certificateSha256").GetString(), await OpenSsl.Sha256Async($"openssl x509 -in {OpenSsl.Quote(signed)} -outform der"));
    }

    [Fact]
    public void Ca_init_never_replaces_an_existing_ca()
    {
        using var directory = new TempDirectory();
        Assert.Equal(0, CaCommand.Run(["init", "--dir", directory.Path], new StringWriter(), new StringWriter()));
        var key = File.ReadAllBytes(directory.File(WorkgroupCa.KeyFileName));
        var error = new StringWriter();
        var output = new StringWriter();
        Assert.Equal(65, CaCommand.Run(["init", "--dir", directory.Path, "--json"], output, error));
        Assert.Contains("already holds a CA", error.ToString(), StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(output.ToString()))
        {
            Assert.Equal(65, json.RootElement.GetProperty("exitCode").GetInt32());
        }

        Assert.Equal(key, File.ReadAllBytes(directory.File(WorkgroupCa.KeyFileName)));
    }

    [Fact]
    public void Ca_sign_failures_have_their_exit_codes()
    {
        using var directory = new TempDirectory();
        var ca = directory.File("ca");
        Assert.Equal(0, CaCommand.Run(["init", "--dir", ca], new StringWriter(), new StringWriter()));
        var caCert = Path.Combine(ca, WorkgroupCa.CertificateFileName);

        var error = new StringWriter();
        Assert.Equal(66, CaCommand.Run(["sign", "--ca-dir", ca, "--node-cert", directory.File("missing.pem"), "--out", directory.File("o.pem")], new StringWriter(), error));
        Assert.Contains("no node certificate at", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(66, CaCommand.Run(["sign", "--ca-dir", directory.File("noca"), "--node-cert", caCert, "--out", directory.File("o.pem")], new StringWriter(), new StringWriter()));

        error = new StringWriter();
        Assert.Equal(65, CaCommand.Run(["sign", "--ca-dir", ca, "--node-cert", caCert, "--out", directory.File("o.pem")], new StringWriter(), error));
        Assert.Contains("is a CA certificate, not a node's", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(directory.File("o.pem")));

        Assert.Throws<UsageException>(() => CaCommand.Run(["sign", "--ca-dir", ca], new StringWriter(), new StringWriter()));
        Assert.Throws<UsageException>(() => CaCommand.Run(["init"], new StringWriter(), new StringWriter()));
        Assert.Throws<UsageException>(() => CaCommand.Run(["init", "--dir", ca, "--out", "x"], new StringWriter(), new StringWriter()));
        Assert.Throws<UsageException>(() => CaCommand.Run(["burn"], new StringWriter(), new StringWriter()));
    }
}
