using System.Text;
using Messngr.Daemon.Alertmanager;
using Messngr.Daemon.Core;
using Messngr.Daemon.Integrations;
using Messngr.Daemon.Sending;
using Messngr.Daemon.Tests.Sending;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// Issue #15, item 8: <c>POST /v1/send/any {"integration":…,"args":[…],"environment":{…}}</c> is
/// <c>messngr upsmon-notify|clamav-event|media-script ARGS</c> done by the daemon (for
/// <c>messngr-send --upsmon-notify</c> etc.): the one mapping of <see cref="RelayedIntegrations"/>,
/// sent as the caller to the alert's TO or the daemon's alert names; anything else 400, nothing sent.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ControlIntegrationSendTests : IDisposable
{
    private readonly FakeClassicTransports _transports = new();
    private readonly Messngr.Daemon.Tests.Users.TempDirectory _trustDir = new();

    public void Dispose() => _trustDir.Dispose();

    /// <summary>bob as a trusted native node of <paramref name="f"/>'s daemon: what it is handed natively.</summary>
    private FakeNativeDelivery NativeBob(ControlServerFixture f) => Messngr.Daemon.Tests.Alertmanager.ControlAlertmanagerEndpointTests.NativeBob(f, _trustDir);

    internal static Task<(int Status, string Response)> PostAsync(ControlServerFixture f, string json, string accept = "application/json") =>
        ControlServerTests.RawAsync(f.Server.SocketPath, "POST /v1/send/any HTTP/1.1", $"Accept: {accept}\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(json)}\r\n", json);

    private async Task<ControlServerFixture> StartAsync(params string[] alertNames)
    {
        var f = await ControlServerFixture.StartAsync();
        f.Daemon.SendStack = FakeSendStack.Create(_transports);
        f.Daemon.AlertmanagerRouting = alertNames.Length == 0 ? AlertmanagerRouting.None : new AlertmanagerRouting([], alertNames);
        return f;
    }

    [Theory]
    [InlineData("{\"integration\":\"upsmon-notify\",\"args\":[\"x\"],\"recipient\":\"bob\"}", "send only integration, args and environment")]
    [InlineData("{\"integration\":\"upsmon-notify\",\"args\":[\"x\"],\"alert\":true}", "send only integration, args and environment")]
    [InlineData("{\"integration\":\"upsmon-notify\",\"args\":[\"x\"],\"text\":\"y\"}", "send only integration, args and environment")]
    [InlineData("{\"integration\":\"upsmon-notify\",\"args\":[\"x\"],\"priority\":\"low\"}", "send only integration, args and environment")]
    [InlineData("{\"integration\":\"upsmon-notify\",\"args\":[\"x\"],\"replyTo\":\"x\"}", "send only integration, args and environment")]
    [InlineData("{\"args\":[\"x\"]}", "args and environment go with an integration")]
    [InlineData("{\"recipient\":\"bob\",\"text\":\"x\",\"environment\":{}}", "args and environment go with an integration")]
    [InlineData("{\"integration\":\"cups-notifier\",\"args\":[\"messngr:\",\"\"]}", "unknown integration 'cups-notifier'")]
    [InlineData("{\"integration\":\"unit-failed\",\"args\":[\"a.service\"]}", "unknown integration 'unit-failed'")]
    [InlineData("{\"integration\":\"UPSMON-NOTIFY\",\"args\":[\"x\"]}", "unknown integration")]
    [InlineData("{\"integration\":\"upsmon-notify\"}", "upsmon-notify takes 1 argument(s) in args, got 0")]
    [InlineData("{\"integration\":\"upsmon-notify\",\"args\":[\"--to=eve\",\"x\"]}", "upsmon-notify takes 1 argument(s) in args, got 2")]
    [InlineData("{\"integration\":\"clamav-event\",\"args\":[\"--help\"],\"environment\":{\"CLAM_VIRUSEVENT_VIRUSNAME\":\"v\"}}", "clamav-event takes 0 argument(s)")]
    [InlineData("{\"integration\":\"media-script\",\"args\":[\"bob\",\"s\"]}", "media-script takes 3 argument(s) in args, got 2")]
    [InlineData("{\"integration\":\"upsmon-notify\",\"args\":[\"x\"],\"environment\":{\"PATH\":\"/bin\"}}", "upsmon-notify does not read PATH")]
    [InlineData("{\"integration\":\"upsmon-notify\",\"args\":[\"x\"],\"environment\":{\"MESSNGR_ALERT_NAMES\":\"eve\"}}", "does not read MESSNGR_ALERT_NAMES")]
    [InlineData("{\"integration\":\"media-script\",\"args\":[\"\",\"s\",\"m\"],\"environment\":{\"NOTIFYTYPE\":\"x\"}}", "media-script does not read NOTIFYTYPE (it reads: nothing)")]
    [InlineData("{\"integration\":\"upsmon-notify\",\"args\":[null]}", "args must be strings")]
    [InlineData("{\"integration\":\"upsmon-notify\",\"args\":[1]}", "the body must be JSON")]
    [InlineData("{\"integration\":\"upsmon-notify\",\"args\":\"x\"}", "the body must be JSON")]
    [InlineData("{\"integration\":\"upsmon-notify\",\"args\":[\"x\"],\"environment\":{\"NOTIFYTYPE\":null}}", "environment values must be strings")]
    [InlineData("{\"integration\":\"upsmon-notify\",\"args\":[\"x\"],\"environment\":{\"NOTIFYTYPE\":3}}", "the body must be JSON")]
    [InlineData("{\"integration\":\"upsmon-notify\",\"args\":[\"x\"],\"environment\":[\"NOTIFYTYPE\"]}", "the body must be JSON")]
    [InlineData("{\"integration\":\"clamav-event\",\"args\":[],\"environment\":{\"CLAM_VIRUSEVENT_FILENAME\":\"/x\"}}", "CLAM_VIRUSEVENT_VIRUSNAME is not set")]
    [InlineData("{\"integration\":\"clamav-event\",\"environment\":{\"CLAM_VIRUSEVENT_VIRUSNAME\":\"\"}}", "CLAM_VIRUSEVENT_VIRUSNAME is not set")]
    [InlineData("{\"integration\":\"media-script\",\"args\":[\"bob,/nope\",\"s\",\"m\"]}", "media-script: TO: '/nope' is not a recipient")]
    [InlineData("{\"integration\":\"media-script\",\"args\":[\"@/etc/shadow\",\"s\",\"m\"]}", "'@/etc/shadow' is not a recipient: a recipient list (@FILE)")]
    [InlineData("{\"integration\":\"media-script\",\"args\":[\" , \",\"s\",\"m\"]}", "media-script: TO names no recipient")]
    [InlineData("{\"integration\":\"media-script\",\"args\":[\"bob\",\" \",\"\\n\"]}", "media-script: the text is empty")]
    [InlineData("{\"integration\":\"media-script\",\"args\":[\"a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z,a1,b1,c1,d1,e1,f1,g1\",\"s\",\"m\"]}", "media-script: TO names 33 recipients; the daemon sends to at most 32")]
    public async Task Each_bad_integration_body_is_400_and_nothing_is_sent(string body, string expected)
    {
        await using var f = await StartAsync("bob");

        var (status, response) = await PostAsync(f, body);

        Assert.Equal(400, status);
        Assert.Contains("\"error\":\"invalid\"", response, StringComparison.Ordinal);
        Assert.Contains(expected, response.Replace("\\u0027", "'", StringComparison.Ordinal), StringComparison.Ordinal); // JSON writes ' as \u0027
        Assert.Empty(_transports.Calls);
    }

    [Fact]
    public async Task An_integration_without_a_to_and_without_alert_names_is_400()
    {
        await using var f = await StartAsync();

        var (status, response) = await PostAsync(f, "{\"integration\":\"upsmon-notify\",\"args\":[\"UPS a@h on battery\"],\"environment\":{\"NOTIFYTYPE\":\"ONBATT\"}}");

        Assert.Equal(400, status);
        Assert.Contains("no alert names", response, StringComparison.Ordinal);
        Assert.Empty(_transports.Calls);
    }

    [Fact]
    public async Task An_integration_is_503_without_a_send_engine_and_429_while_the_caller_has_every_send_slot()
    {
        const string Body = "{\"integration\":\"media-script\",\"args\":[\"bob\",\"Problem: x\",\"y\"]}";
        await using var f = await StartAsync("bob");
        var stack = f.Daemon.SendStack!;
        f.Daemon.SendStack = null;
        var (off, _) = await PostAsync(f, Body);
        f.Daemon.SendStack = stack;
        var held = Enumerable.Range(0, stack.Slots.Max).Select(_ => stack.Slots.TryEnter(0)!).ToList();

        var (busy, response) = await PostAsync(f, Body);

        held.ForEach(h => h.Dispose());
        Assert.Equal((503, 429), (off, busy));
        Assert.Contains("\"error\":\"busy\"", response, StringComparison.Ordinal);
        Assert.Empty(_transports.Calls);
    }

    [Fact]
    public async Task Upsmon_lowbatt_goes_to_the_alert_names_natively_at_critical_with_the_ups_key_as_the_caller()
    {
        await using var f = await StartAsync("bob");
        var delivery = NativeBob(f);

        var (status, response) = await PostAsync(f, "{\"integration\":\"upsmon-notify\",\"args\":[\"UPS myups@localhost battery is low\"],\"environment\":{\"NOTIFYTYPE\":\"LOWBATT\",\"UPSNAME\":\"myups@localhost\"}}");

        Assert.Equal(200, status);
        Assert.Contains("{\"results\":[{\"recipient\":\"bob\",\"outcome\":\"delivered\",\"succeeded\":true,\"transport\":\"native\"", response, StringComparison.Ordinal);
        var sent = Assert.Single(delivery.Submitted);
        Assert.Equal(("bob", "root", 0u, Priority.Critical, "ups:myups@localhost", "UPS myups@localhost battery is low"),
            (sent.Recipient, sent.FromUser, sent.FromUid, sent.Priority, sent.CorrelationKey, sent.Text));
        Assert.Empty(_transports.Calls);
    }

    [Fact]
    public async Task Clamav_event_says_what_was_found_where_at_priority_high()
    {
        await using var f = await StartAsync("bob");
        var delivery = NativeBob(f);

        var (status, _) = await PostAsync(f, "{\"integration\":\"clamav-event\",\"args\":[],\"environment\":{\"CLAM_VIRUSEVENT_FILENAME\":\"/srv/x.txt\",\"CLAM_VIRUSEVENT_VIRUSNAME\":\"Eicar-Signature\"}}");

        Assert.Equal(200, status);
        var sent = Assert.Single(delivery.Submitted);
        Assert.Equal(($"ClamAV found Eicar-Signature in /srv/x.txt on {IntegrationAlert.HostName}", Priority.High, (string?)null), (sent.Text, sent.Priority, sent.CorrelationKey));
    }

    [Fact]
    public async Task Media_script_sends_to_its_to_list_with_the_subjects_key_and_priority()
    {
        await using var f = await StartAsync("NEVER");
        var delivery = NativeBob(f);

        var (status, response) = await PostAsync(f, "{\"integration\":\"media-script\",\"args\":[\"bob, *\",\"PROBLEM: disk full on db1\",\"free 2%\"],\"environment\":{}}");

        Assert.Equal(200, status);
        Assert.Contains("},{\"recipient\":\"*\",\"outcome\":\"accepted-for-broadcast\"", response, StringComparison.Ordinal);
        var sent = Assert.Single(delivery.Submitted);
        Assert.Equal(("bob", "PROBLEM: disk full on db1\nfree 2%", Priority.High, "mon:disk_full_on_db1"), (sent.Recipient, sent.Text, sent.Priority, sent.CorrelationKey));
        Assert.DoesNotContain(_transports.Calls, c => c.Contains("NEVER", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Media_script_with_an_empty_to_goes_to_the_alert_names()
    {
        await using var f = await StartAsync("bob");
        var delivery = NativeBob(f);

        var (status, _) = await PostAsync(f, "{\"integration\":\"media-script\",\"args\":[\"\",\"** RECOVERY Host Alert: db1 is UP **\",\"\"]}");

        Assert.Equal(200, status);
        var sent = Assert.Single(delivery.Submitted);
        Assert.Equal(("bob", Priority.Normal, "mon:Host_Alert:_db1"), (sent.Recipient, sent.Priority, sent.CorrelationKey));
    }

    [Fact]
    public async Task Accept_text_plain_answers_messngr_sends_lines_and_exit_code()
    {
        await using var f = await StartAsync("bob", "nobody");

        var (status, response) = await PostAsync(f, "{\"integration\":\"upsmon-notify\",\"args\":[\"UPS a@h on battery\"],\"environment\":{\"NOTIFYTYPE\":\"ONBATT\",\"UPSNAME\":\"a@h\"}}", "text/plain");

        Assert.Equal(200, status);
        Assert.Contains("Content-Type: text/plain; charset=utf-8", response, StringComparison.Ordinal);
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.Matches("^exit 68\n1 bob: delivered over smb to 192.0.2.5 \\(unverified\\): [^\n]+\n2 messngr send: nobody: name not found[^\n]*\n$", ControlAnySendTextTests.Dechunked(body));
        Assert.Contains(new ClassicMessage("root", "BOB", "UPS a@h on battery"), _transports.Messages);
    }

    [Fact]
    public async Task A_second_user_s_integration_is_sent_as_that_user()
    {
        Assert.True(ControlServerFixture.OwnUid() == 0, "this test drops to uid 65534 and needs root (CI runs as root)");
        await using var f = await StartAsync("bob");
        File.SetUnixFileMode(f.StateDirectory, (UnixFileMode)0b111_101_101);
        var delivery = NativeBob(f);

        var answers = await NobodyClient.RunAsync(f.Server.SocketPath,
            "POST /v1/send/any|{\"integration\":\"media-script\",\"args\":[\"bob\",\"Problem: x\",\"y\"]}");

        Assert.StartsWith("200 ", answers[0], StringComparison.Ordinal);
        var sent = Assert.Single(delivery.Submitted);
        Assert.Equal(("nobody", 65534u), (sent.FromUser, sent.FromUid));
    }

    [Fact]
    public async Task A_hostile_environment_arrives_inert()
    {
        await using var f = await StartAsync("bob");

        var (ups, _) = await PostAsync(f, "{\"integration\":\"upsmon-notify\",\"args\":[\"\"],\"environment\":{\"NOTIFYTYPE\":\"ONBATT\\nexit 0\",\"UPSNAME\":\"a\\u001b[2J\\u001b]0;owned\\u0007\\r\\nb\"}}");
        var (clam, _) = await PostAsync(f, "{\"integration\":\"clamav-event\",\"environment\":{\"CLAM_VIRUSEVENT_VIRUSNAME\":\"V\\u009b31m\",\"CLAM_VIRUSEVENT_FILENAME\":\"/srv/$(id);x\\n\\u001b[31mred\\u0000.txt\"}}");

        Assert.Equal((200, 200), (ups, clam));
        Assert.Equal(2, _transports.Messages.Count);
        Assert.All(_transports.Messages, m =>
        {
            Assert.DoesNotContain('\n', m.Text);
            Assert.DoesNotContain('\r', m.Text);
            Assert.DoesNotContain(m.Text, c => char.IsControl(c));
        });
        Assert.StartsWith("UPS a", _transports.Messages[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("ClamAV found V", _transports.Messages[1].Text, StringComparison.Ordinal);
        Assert.Contains("/srv/$(id);x", _transports.Messages[1].Text, StringComparison.Ordinal);
    }
}
