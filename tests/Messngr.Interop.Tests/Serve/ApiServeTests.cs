using System.Globalization;
using System.Text.Json;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Serve;

/// <summary>
/// Issue #15, item 1, on the real binary with real third-party tools: <c>messngr token add</c> makes
/// a token over the control socket, <c>curl</c> publishes with it, and the message arrives (classic
/// SMB to the daemon's own name, seen in <c>messngr history</c>); the API on an address other than
/// loopback only with TLS, here a self-signed certificate <c>openssl</c> makes.
/// </summary>
public sealed class ApiServeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-apiserve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Tool.Result Messngr(params string[] args) =>
        Tool.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "messngr.dll"), .. args]);

    private static Tool.Result Curl(params string[] args) => Tool.Run("curl", ["-sS", "--max-time", "60", .. args], timeoutMs: 90_000);

    private static string NewToken(string state, string name, params string[] extra)
    {
        var add = Messngr(["token", "add", "--name", name, "--state-dir", state, .. extra]);
        Assert.True(add.ExitCode == 0, add.Error);
        var secret = add.Output.Trim();
        Assert.Matches("^msgr_[0-9a-f]{64}$", secret);
        return secret;
    }

    [Fact]
    public void A_token_made_by_messngr_token_add_lets_curl_publish_and_the_message_arrives()
    {
        var state = Path.Combine(_dir, "state");
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        using var serve = ServeProcess.StartIn(state, "HOSTAPI", "LAB", "--api-listen", $"127.0.0.1:{port}");
        serve.WaitForLog("HTTP API listening on", TimeSpan.FromSeconds(60));
        var secret = NewToken(state, "ci", "--send-to", "HOSTAPI@*");
        var scoped = NewToken(state, "elsewhere", "--send-to", "OPS*");
        var url = $"http://127.0.0.1:{port}/v1/messages";

        var sent = Curl("-H", $"Authorization: Bearer {secret}", "-H", "Content-Type: application/json", "-w", "\n%{http_code}",
            "-d", "{\"recipients\":[\"HOSTAPI@127.0.0.1\"],\"title\":\"UPS on battery\",\"text\":\"ups1 runs on battery\",\"priority\":\"high\"}", url);
        var refused = Curl("-H", $"Authorization: Bearer {scoped}", "-H", "Content-Type: application/json", "-w", "\n%{http_code}",
            "-d", "{\"recipients\":[\"HOSTAPI@127.0.0.1\"],\"text\":\"not mine to send\"}", url);

        Assert.True(sent.ExitCode == 0, sent.Error);
        Assert.EndsWith("\n200", sent.Output, StringComparison.Ordinal);
        Assert.Contains("\"outcome\":\"delivered\"", sent.Output, StringComparison.Ordinal);
        Assert.EndsWith("\n403", refused.Output, StringComparison.Ordinal);
        var history = Messngr("history", "--state-dir", state, "--json");
        Assert.True(history.ExitCode == 0, history.Error);
        using var messages = JsonDocument.Parse(history.Output);
        var texts = messages.RootElement.EnumerateArray().Select(m => m.GetProperty("text").GetString()).ToList();
        Assert.Contains("UPS on battery\n\nups1 runs on battery", texts);
        Assert.DoesNotContain("not mine to send", texts);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(state, "api-tokens.json")));
        Assert.DoesNotContain(secret[5..], File.ReadAllText(Path.Combine(state, "api-tokens.json")), StringComparison.Ordinal);

        var revoke = Messngr("token", "revoke", "ci", "--state-dir", state);
        var afterRevoke = Curl("-o", "/dev/null", "-w", "%{http_code}", "-H", $"Authorization: Bearer {secret}", "-H", "Content-Type: application/json",
            "-d", "{\"recipients\":[\"HOSTAPI@127.0.0.1\"],\"text\":\"too late\"}", url);
        Assert.True(revoke.ExitCode == 0, revoke.Error);
        Assert.Equal("401", afterRevoke.Output);
    }

    [Fact]
    public void On_an_address_other_than_loopback_the_api_speaks_only_tls_with_the_configured_certificate()
    {
        var cert = Path.Combine(_dir, "api-cert.pem");
        var key = Path.Combine(_dir, "api-key.pem");
        var openssl = Tool.Run("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
            "-subj", "/CN=messngr-api", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert]);
        Assert.True(openssl.ExitCode == 0, openssl.Error);
        var state = Path.Combine(_dir, "state");
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        using var serve = ServeProcess.StartIn(state, "HOSTTLS", "LAB", "--api-listen", $"0.0.0.0:{port}", "--api-tls-certificate", cert, "--api-tls-key", key);
        serve.WaitForLog("HTTP API listening on https://", TimeSpan.FromSeconds(60));
        var secret = NewToken(state, "tls");

        var overTls = Curl("--cacert", cert, "-o", "/dev/null", "-w", "%{http_code}", "-H", $"Authorization: Bearer {secret}", $"https://127.0.0.1:{port}/v1/messages/{Guid.CreateVersion7()}");
        var plain = Curl("-o", "/dev/null", "-w", "%{http_code}", "-H", $"Authorization: Bearer {secret}", $"http://127.0.0.1:{port}/v1/messages/{Guid.CreateVersion7()}");

        Assert.Equal("404", overTls.Output); // authenticated over TLS; no such message of this user
        Assert.NotEqual("404", plain.Output);
    }

    [Fact]
    public void A_non_loopback_api_listen_without_tls_stops_serve_with_exit_78_naming_the_key()
    {
        var run = Messngr("serve", "--state-dir", Path.Combine(_dir, "state"), "--config", "/dev/null", "--web-listen", "off", "--api-listen", "0.0.0.0:2428");

        Assert.Equal(78, run.ExitCode);
        Assert.Contains("--api-listen", run.Error, StringComparison.Ordinal);
        Assert.Contains("api tls certificate", run.Error, StringComparison.Ordinal);
    }
}
