using System.Net;
using System.Text;
using Messngr.Daemon.Alertmanager;
using Messngr.Daemon.Control;
using Messngr.Daemon.Core;
using Messngr.Daemon.Sending;
using Messngr.Daemon.Tests.Control;
using Messngr.Daemon.Tests.Sending;
using Microsoft.AspNetCore.Http;

namespace Messngr.Daemon.Tests.Alertmanager;

/// <summary>
/// Issue #15, item 2: <c>POST /v1/alertmanager</c> on the control socket routes a webhook
/// notification by its labels and sends it through the daemon's send engine as the caller —
/// natively with the severity's priority and the group's correlation key, classic as text — and
/// refuses bad input with a JSON error before anything is sent.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ControlAlertmanagerEndpointTests
{
    private readonly FakeClassicTransports _transports = new();

    private static Task<(int Status, string Response)> PostAsync(ControlServerFixture f, string json, string contentType = "application/json") =>
        ControlServerTests.RawAsync(f.Server.SocketPath, "POST /v1/alertmanager HTTP/1.1", $"Content-Type: {contentType}\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\n", json);

    private async Task<ControlServerFixture> StartAsync(string routes, params string[] alertNames)
    {
        var f = await ControlServerFixture.StartAsync();
        f.Daemon.SendStack = FakeSendStack.Create(_transports);
        f.Daemon.AlertmanagerRouting = new AlertmanagerRouting(AlertmanagerRouteParser.Parse(routes, 64), alertNames);
        return f;
    }

    /// <summary>BOB is announced by a trusted node, so a message to bob goes natively (to the fake delivery).</summary>
    internal static FakeNativeDelivery NativeBob(ControlServerFixture f, Messngr.Daemon.Tests.Users.TempDirectory trustDir)
    {
        var trust = Messngr.Daemon.Native.TrustStore.Open(trustDir.Path);
        var bob = Messngr.Daemon.Tests.Native.TrustStoreTests.Id("bob");
        trust.Add(new Messngr.Daemon.Native.TrustEntry(bob, "BOB", DateTimeOffset.UtcNow, 0, Messngr.Daemon.Native.TrustSource.Manual));
        var peers = new Messngr.Daemon.Native.PeerTable(8, trust, [], TimeProvider.System, new Messngr.Daemon.Tests.Hosting.CapturingLogger());
        peers.Announced(bob, ["BOB"], IPAddress.Parse("10.13.0.2"), 2426);
        f.Daemon.Peers = peers;
        var delivery = new FakeNativeDelivery(f.Daemon);
        f.Daemon.Delivery = delivery;
        return delivery;
    }

    [Fact]
    public async Task Firing_then_resolved_go_natively_with_the_severitys_priority_and_one_correlation_key_as_the_caller()
    {
        await using var f = await StartAsync("job=http_checks -> bob");
        using var trustDir = new Messngr.Daemon.Tests.Users.TempDirectory();
        var delivery = NativeBob(f, trustDir);

        var (firingStatus, firing) = await PostAsync(f, AlertmanagerPayloads.Firing);
        var (resolvedStatus, _) = await PostAsync(f, AlertmanagerPayloads.Resolved);

        Assert.Equal((200, 200), (firingStatus, resolvedStatus));
        Assert.Contains("\"recipient\":\"bob\",\"outcome\":\"delivered\",\"succeeded\":true,\"transport\":\"native\",\"verified\":true", firing, StringComparison.Ordinal);
        var sent = delivery.Submitted.ToArray();
        Assert.Equal(2, sent.Length);
        var key = AlertmanagerText.CorrelationKeyFor(AlertmanagerPayloads.GroupKey);
        Assert.Equal(("bob", "root", 0u, Priority.Critical, key), (sent[0].Recipient, sent[0].FromUser, sent[0].FromUid, sent[0].Priority, sent[0].CorrelationKey));
        Assert.StartsWith("FIRING: ProbeFailure (2 alerts)\n", sent[0].Text, StringComparison.Ordinal);
        Assert.Equal((Priority.Low, key), (sent[1].Priority, sent[1].CorrelationKey));
        Assert.StartsWith("RESOLVED: ProbeFailure (2 alerts)\n", sent[1].Text, StringComparison.Ordinal);
        Assert.Empty(_transports.Calls);
    }

    [Fact]
    public async Task With_no_matching_rule_it_goes_to_the_alert_names_and_a_classic_recipient_gets_the_text()
    {
        await using var f = await StartAsync("job=other -> NEVER", "bob");

        var (status, response) = await PostAsync(f, AlertmanagerPayloads.Firing);

        Assert.Equal(200, status);
        Assert.Contains("\"recipient\":\"bob\",\"outcome\":\"delivered\",\"succeeded\":true,\"transport\":\"smb\"", response, StringComparison.Ordinal);
        var message = Assert.Single(_transports.Messages);
        Assert.Equal(("root", "BOB"), (message.From, message.To));
        Assert.StartsWith("FIRING: ProbeFailure (2 alerts)\n- ProbeFailure (firing): BlackBox Probe Failure", message.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"version\": \"4\"", "\"version\": \"3\"", 400, "\"error\":\"invalid\",\"message\":\"payload version \\u00223\\u0022 is not supported")]
    [InlineData("\"labels\": { \"alertname\": \"ProbeFailure\", \"instance\": \"https://mail.example.org\", \"job\": \"http_checks\", \"severity\": \"warning\" }", "\"labels\": \"x\"", 400, "$.alerts[1].labels has the wrong type")]
    [InlineData("\"receiver\": \"messngr\",", "\"receiver\": \"messngr\" ,,", 400, "not JSON")]
    [InlineData("\"job\": \"http_checks\" }", "\"job\": \"nowhere\" }", 422, "\"error\":\"no-route\"")]
    public async Task Bad_input_is_a_json_error_and_nothing_is_sent(string old, string replacement, int expectedStatus, string expected)
    {
        await using var f = await StartAsync("job=http_checks -> bob");

        var (status, response) = await PostAsync(f, AlertmanagerPayloads.FiringWith(old, replacement));

        Assert.Equal(expectedStatus, status);
        Assert.Contains("Content-Type: application/json", response, StringComparison.Ordinal);
        Assert.Contains(expected, response, StringComparison.Ordinal);
        Assert.Empty(_transports.Calls);
    }

    [Fact]
    public async Task A_wrong_content_type_is_415_and_a_body_over_the_limit_is_413()
    {
        await using var f = await StartAsync("job=http_checks -> bob");

        var (textStatus, text) = await PostAsync(f, AlertmanagerPayloads.Firing, "text/plain");
        // Declared larger than the limit: refused before the body is read (only its start is sent).
        var (hugeStatus, huge) = await ControlServerTests.RawAsync(f.Server.SocketPath, "POST /v1/alertmanager HTTP/1.1",
            $"Content-Type: application/json\r\nContent-Length: {DaemonLimits.Default.AlertmanagerMaxRequestBytes + 1}\r\n", "{\"version\":");

        Assert.Equal((415, 413), (textStatus, hugeStatus));
        Assert.Contains("\"error\":\"unsupported-media-type\"", text, StringComparison.Ordinal);
        Assert.Contains("\"error\":\"too-large\"", huge, StringComparison.Ordinal);
        Assert.Empty(_transports.Calls);
    }

    [Fact]
    public async Task A_recipient_outside_the_callers_scope_is_403_and_nothing_is_sent_to_the_others()
    {
        var daemon = new FakeDaemonControl
        {
            SendStack = FakeSendStack.Create(_transports),
            AlertmanagerRouting = new AlertmanagerRouting(AlertmanagerRouteParser.Parse("job=http_checks -> bob OPS", 64), []),
        };
        var endpoint = new ControlAlertmanagerEndpoint(daemon, DaemonLimits.Default, CancellationToken.None);
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(AlertmanagerPayloads.Firing));
        context.Response.Body = new MemoryStream();

        await endpoint.HandleAsync(context, 1000, recipient => recipient == "bob");

        Assert.Equal(403, context.Response.StatusCode);
        Assert.Contains("may not send to OPS", Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()), StringComparison.Ordinal);
        Assert.Empty(_transports.Calls);
    }

    [Fact]
    public async Task A_sent_notification_and_a_refused_one_are_logged_without_the_alert_text()
    {
        var daemon = new FakeDaemonControl
        {
            SendStack = FakeSendStack.Create(_transports),
            AlertmanagerRouting = new AlertmanagerRouting(AlertmanagerRouteParser.Parse("job=http_checks -> bob", 64), []),
        };
        var logger = new Messngr.Daemon.Tests.Hosting.CapturingLogger();
        var endpoint = new ControlAlertmanagerEndpoint(daemon, DaemonLimits.Default, CancellationToken.None, logger);

        foreach (var body in new[] { AlertmanagerPayloads.Firing, AlertmanagerPayloads.FiringWith("\"version\": \"4\"", "\"version\": \"3\"") })
        {
            var context = new DefaultHttpContext();
            context.Request.Method = "POST";
            context.Request.ContentType = "application/json";
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
            context.Response.Body = new MemoryStream();
            await endpoint.HandleAsync(context, 1000, null);
        }

        var key = AlertmanagerText.CorrelationKeyFor(AlertmanagerPayloads.GroupKey);
        Assert.Contains(logger.Lines, l => l.Contains($"alertmanager firing notification (key {key}, 2 alerts) from uid 1000 sent to 1 recipients, 1 reached", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.Contains("alertmanager notification from uid 1000 refused (400): payload version \"3\" is not supported", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Lines, l => l.Contains("BlackBox", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_post_is_allowed()
    {
        await using var f = await StartAsync("job=http_checks -> bob");

        var (status, _) = await ControlServerTests.RawAsync(f.Server.SocketPath, "GET /v1/alertmanager HTTP/1.1");

        Assert.Equal(405, status);
    }
}
