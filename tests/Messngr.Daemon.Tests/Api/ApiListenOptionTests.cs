using System.Net;
using Messngr.Daemon.Options;

namespace Messngr.Daemon.Tests.Api;

/// <summary>Issue #15, item 1: <c>api listen</c> is loopback by default; elsewhere only with TLS.</summary>
public sealed class ApiListenOptionTests
{
    private static ServeOptions Load(Dictionary<string, string> flags) =>
        ServeOptionsLoader.Load(flags, new Dictionary<string, string>(), "/dev/null", isRoot: false);

    [Fact]
    public void The_default_is_loopback_2428_without_tls_and_off_turns_it_off()
    {
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 2428), Load([]).ApiListen!.Endpoint);
        Assert.False(Load([]).ApiListen!.Tls);
        Assert.Null(Load(new() { ["api-listen"] = "off" }).ApiListen);
    }

    [Fact]
    public void A_non_loopback_address_without_tls_is_a_configuration_error_naming_the_key()
    {
        var error = Assert.Throws<ArgumentException>(() => Load(new() { ["api-listen"] = "0.0.0.0:2428" }));

        Assert.Contains("--api-listen", error.Message, StringComparison.Ordinal);
        Assert.Contains("api tls certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_loopback_address_with_certificate_and_key_is_https()
    {
        var api = Load(new() { ["api-listen"] = "0.0.0.0:2428", ["api-tls-certificate"] = "/etc/c.pem", ["api-tls-key"] = "/etc/k.pem" }).ApiListen!;

        Assert.True(api.Tls);
        Assert.Equal(("/etc/c.pem", "/etc/k.pem"), (api.CertificateFile, api.KeyFile));
    }

    [Fact]
    public void A_key_without_its_certificate_is_refused_and_a_certificate_alone_holds_its_key()
    {
        var error = Assert.Throws<ArgumentException>(() => Load(new() { ["api-tls-key"] = "/etc/k.pem" }));
        var alone = Load(new() { ["api-listen"] = "0.0.0.0:2428", ["api-tls-certificate"] = "/etc/both.pem" }).ApiListen!;

        Assert.Contains("--api-tls-key", error.Message, StringComparison.Ordinal);
        Assert.True(alone.Tls);
        Assert.Null(alone.KeyFile);
    }

    [Theory]
    [InlineData("2428")]
    [InlineData("localhost:2428")]
    [InlineData("::1:2428")]
    public void A_value_that_is_not_addr_port_is_refused(string value) =>
        Assert.Throws<ArgumentException>(() => Load(new() { ["api-listen"] = value }));
}
