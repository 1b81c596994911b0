using System.Net;
using Messngr.Daemon.Options;

namespace Messngr.Daemon.Tests.Web;

public sealed class WebListenOptionTests
{
    private static ServeOptions Load(Dictionary<string, string> flags) =>
        ServeOptionsLoader.Load(flags, new Dictionary<string, string> { ["HOME"] = "/home/u" }, "/dev/null", isRoot: false);

    [Fact]
    public void The_web_page_listens_on_127_0_0_1_port_2427_unless_told_otherwise()
    {
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 2427), Load([]).WebListen);
    }

    [Theory]
    [InlineData("off")]
    [InlineData("OFF")]
    [InlineData("no")]
    public void Web_listen_off_turns_the_page_off(string value)
    {
        Assert.Null(Load(new() { ["web-listen"] = value }).WebListen);
    }

    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1:8080")]
    [InlineData("127.1.2.3:2427", "127.1.2.3:2427")]
    [InlineData("[::1]:2427", "[::1]:2427")]
    public void A_loopback_address_and_port_is_taken(string value, string expected)
    {
        Assert.Equal(IPEndPoint.Parse(expected), Load(new() { ["web-listen"] = value }).WebListen);
    }

    [Theory]
    [InlineData("0.0.0.0:2427")]
    [InlineData("192.168.1.5:2427")]
    [InlineData("[::]:2427")]
    public void Any_address_that_is_not_loopback_is_refused_by_name(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => Load(new() { ["web-listen"] = value }));
        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("localhost:2427")]
    [InlineData("::1")]
    public void A_value_that_is_not_addr_and_port_is_refused(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => Load(new() { ["web-listen"] = value }));
        Assert.Contains("ADDR:PORT", error.Message, StringComparison.Ordinal);
    }
}
