using System.Globalization;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Native;

/// <summary>
/// Issue #13, item 3 and its test list: a third-party TLS client (OpenSSL's s_client) against the
/// native listener — a trusted certificate completes a TLS 1.3 handshake and gets its frame back;
/// without a certificate, or offering only TLS 1.2, it is refused.
/// </summary>
public sealed class NativeTlsOpensslTests
{
    /// <summary>One frame: u32 big-endian length 6, then the marker.</summary>
    private const string Frame = "\0\0\0\u0006MARKER";

    private static Tool.Result SClient(NativeTlsHost host, params string[] extra)
    {
        // -ign_eof: keep reading after our frame until the server closes (it echoes once, then closes).
        var args = new List<string> { "s_client", "-connect", $"127.0.0.1:{host.Port.ToString(CultureInfo.InvariantCulture)}", "-servername", "server", "-ign_eof" };
        args.AddRange(extra);
        return Tool.Run("openssl", args, input: Frame, timeoutMs: 60_000);
    }

    [Fact]
    public async Task Openssl_with_a_trusted_certificate_completes_a_TLS_1_3_handshake()
    {
        await using var host = new NativeTlsHost();
        var result = SClient(host, "-tls1_3", "-cert", host.ClientCertificatePath, "-key", host.ClientKeyPath);
        var all = result.Output + result.Error;

        Assert.Contains("Verify return code", result.Output, StringComparison.Ordinal);
        Assert.Contains("TLSv1.3", result.Output, StringComparison.Ordinal);
        Assert.Contains("MARKER", result.Output, StringComparison.Ordinal); // the frame came back: the server accepted us
        Assert.DoesNotContain("alert", all, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, host.Served);
    }

    [Fact]
    public async Task Openssl_without_a_certificate_is_refused()
    {
        await using var host = new NativeTlsHost();
        var result = SClient(host, "-tls1_3");
        var all = result.Output + result.Error;

        // In TLS 1.3 the client's handshake is over before the server judges its certificate
        // (RFC 8446 §4.4.2): s_client prints TLSv1.3, then the server closes without serving it.
        Assert.DoesNotContain("MARKER", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, host.Served);
    }

    [Fact]
    public async Task Openssl_offering_only_TLS_1_2_is_refused()
    {
        await using var host = new NativeTlsHost();
        var result = SClient(host, "-tls1_2", "-cert", host.ClientCertificatePath, "-key", host.ClientKeyPath);
        var all = result.Output + result.Error;

        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain("MARKER", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, host.Served);
        Assert.Contains("alert protocol version", all, StringComparison.OrdinalIgnoreCase);
    }
}
