using System.Text;
using Messngr.Daemon.Alertmanager;
using Messngr.Daemon.Core;
using Messngr.Daemon.Sending;
using Messngr.Daemon.Tests.Sending;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// Issue #15, item 8: <c>POST /v1/send/any {"alert":true,"text":…}</c> is <c>messngr alert TEXT</c>
/// done by the daemon (for <c>messngr-send --alert</c>): one send to every name of the daemon's
/// <c>alert names</c> as they are now, as the caller, at priority high unless the body names one.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ControlAnySendAlertTests
{
    private readonly FakeClassicTransports _transports = new();

    private static Task<(int Status, string Response)> PostAsync(ControlServerFixture f, string json) =>
        ControlServerTests.RawAsync(f.Server.SocketPath, "POST /v1/send/any HTTP/1.1", $"Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\n", json);

    [Fact]
    public async Task An_alert_goes_to_every_alert_name_in_order_as_the_caller()
    {
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.SendStack = FakeSendStack.Create(_transports);
        f.Daemon.AlertmanagerRouting = new AlertmanagerRouting([], ["bob", "*"]);

        var (status, response) = await PostAsync(f, "{\"alert\":true,\"text\":\"UPS on battery\"}");

        Assert.Equal(200, status);
        Assert.Contains("{\"results\":[{\"recipient\":\"bob\",\"outcome\":\"delivered\"", response, StringComparison.Ordinal);
        Assert.Contains("},{\"recipient\":\"*\",\"outcome\":\"accepted-for-broadcast\"", response, StringComparison.Ordinal);
        Assert.Contains(new ClassicMessage("root", "BOB", "UPS on battery"), _transports.Messages);
    }

    [Fact]
    public async Task An_alert_to_a_trusted_node_goes_natively_at_priority_high_unless_another_is_named()
    {
        await using var f = await ControlServerFixture.StartAsync();
        using var trustDir = new Messngr.Daemon.Tests.Users.TempDirectory();
        var delivery = Messngr.Daemon.Tests.Alertmanager.ControlAlertmanagerEndpointTests.NativeBob(f, trustDir);
        f.Daemon.SendStack = FakeSendStack.Create(_transports);
        f.Daemon.AlertmanagerRouting = new AlertmanagerRouting([], ["bob"]);

        var (status, _) = await PostAsync(f, "{\"alert\":true,\"text\":\"disk full\"}");
        var (lowStatus, _) = await PostAsync(f, "{\"alert\":true,\"text\":\"disk fine\",\"priority\":\"low\"}");

        Assert.Equal((200, 200), (status, lowStatus));
        Assert.Equal([(Priority.High, "disk full"), (Priority.Low, "disk fine")], delivery.Submitted.Select(s => (s.Priority, s.Text)));
    }

    [Theory]
    [InlineData("{\"alert\":true,\"recipient\":\"bob\",\"text\":\"x\"}", "give no recipient")]
    [InlineData("{\"alert\":true,\"text\":\"x\"}", "no alert names")]
    public async Task An_alert_with_a_recipient_or_without_alert_names_is_400_and_nothing_is_sent(string body, string expected)
    {
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.SendStack = FakeSendStack.Create(_transports);
        f.Daemon.AlertmanagerRouting = expected == "no alert names" ? AlertmanagerRouting.None : new AlertmanagerRouting([], ["bob"]);

        var (status, response) = await PostAsync(f, body);

        Assert.Equal(400, status);
        Assert.Contains(expected, response, StringComparison.Ordinal);
        Assert.Empty(_transports.Calls);
    }
}
