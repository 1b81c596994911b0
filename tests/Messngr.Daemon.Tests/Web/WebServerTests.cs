using System.Net;
using System.Text;
using Messngr.Daemon.Core;
using Messngr.Daemon.Tests.Control;
using Messngr.Daemon.Web;

namespace Messngr.Daemon.Tests.Web;

/// <summary>The web listener's contract (issue #14, item 2): tokens, headers, Host check, and the control API as the token's uid.</summary>
public sealed class WebServerTests
{
    private const uint Alice = 1000;
    private const uint Bob = 2000;

    private static async Task<WebServerFixture> StartWithAliceMessageAsync()
    {
        var f = await WebServerFixture.StartAsync();
        await f.Daemon.AddNameAsync("ALICE", Alice, CancellationToken.None);
        f.Daemon.AddHistory(FakeDaemonControl.Message(7, "MALLORY", "ALICE", "for alice only"));
        return f;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer 0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("Basic YWxpY2U6cGFzcw==")]
    public async Task The_api_without_a_valid_token_is_401_and_shows_nothing(string? authorization)
    {
        await using var f = await StartWithAliceMessageAsync();
        f.Access.Tokens.GetOrCreate(Alice);
        using var client = f.Client(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/history");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.DoesNotContain("alice", body, StringComparison.Ordinal);
        Assert.DoesNotContain(f.Daemon.Calls, c => c.Call == "history");
    }

    [Fact]
    public async Task The_inbox_is_the_token_owners_and_another_users_token_sees_nothing_of_it()
    {
        await using var f = await StartWithAliceMessageAsync();
        using var alice = f.Client(Alice);
        using var bob = f.Client(Bob);

        var aliceInbox = await alice.GetStringAsync("/api/v1/history");
        var bobInbox = await bob.GetStringAsync("/api/v1/history");

        Assert.Contains("for alice only", aliceInbox, StringComparison.Ordinal);
        Assert.Contains("\"readAt\":null", aliceInbox, StringComparison.Ordinal);
        Assert.Equal("[]", bobInbox);
        Assert.Contains(("history", Alice), f.Daemon.Calls);
        Assert.Contains(("history", Bob), f.Daemon.Calls);
        using var read = await bob.PostAsync("/api/v1/messages/7/read", null);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/history")]
    [InlineData("/api/v1/nothing")]
    [InlineData("/")]
    public async Task Every_answer_carries_the_strict_headers(string path)
    {
        await using var f = await StartWithAliceMessageAsync();
        using var client = f.Client(Alice);

        using var response = await client.GetAsync(path);

        Assert.Equal(WebHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.StartsWith("default-src 'self';", WebHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", WebHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("evil.example:{0}")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:1")]
    [InlineData("localhost.evil.example:{0}")]
    public async Task A_host_header_other_than_the_listeners_own_is_refused_even_with_a_token(string host)
    {
        await using var f = await StartWithAliceMessageAsync();
        using var client = f.Client(Alice);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/history");
        request.Headers.Host = string.Format(System.Globalization.CultureInfo.InvariantCulture, host, f.Access.BoundPort);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        Assert.DoesNotContain("alice", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Localhost_with_the_port_is_accepted()
    {
        await using var f = await StartWithAliceMessageAsync();
        using var client = f.Client(Alice);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/history");
        request.Headers.Host = $"localhost:{f.Access.BoundPort}";

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/trust")]
    [InlineData("/api/v1/status")]
    [InlineData("/api/v1/listen")]
    [InlineData("/api/v1/web")]
    public async Task Control_endpoints_the_page_does_not_need_are_not_offered(string path)
    {
        await using var f = await StartWithAliceMessageAsync();
        using var client = f.Client(Alice);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_event_stream_delivers_a_new_message_as_a_server_sent_event()
    {
        await using var f = await StartWithAliceMessageAsync();
        using var client = f.Client(Alice);
        using var response = await client.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(("listen", Alice), f.Daemon.Calls);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        f.Daemon.Publish(FakeDaemonControl.Message(8, "MALLORY", "ALICE", "live one"));
        var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var blank = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.NotNull(line);
        Assert.StartsWith("data: {", line, StringComparison.Ordinal);
        Assert.Contains("\"text\":\"live one\"", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, blank);
    }

    [Fact]
    public async Task A_message_the_event_stream_delivered_is_reported_displayed()
    {
        await using var f = await StartWithAliceMessageAsync();
        var reporter = new FakeReceiptReporter();
        f.Daemon.Receipts = reporter;
        using var client = f.Client(Alice);
        using var response = await client.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        f.Daemon.Publish(FakeDaemonControl.Message(9, "MALLORY", "ALICE", "shown"));
        await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));

        await ControlServerFixture.WaitUntilAsync(() => reporter.Count(ReceiptState.Displayed) == 1);
        Assert.Equal(0, reporter.Count(ReceiptState.Read));
    }

    [Fact]
    public async Task Opening_a_message_records_its_read_receipt_as_the_token_owner()
    {
        await using var f = await StartWithAliceMessageAsync();
        var reporter = new FakeReceiptReporter();
        f.Daemon.Receipts = reporter;
        using var client = f.Client(Alice);

        using var response = await client.PostAsync("/api/v1/messages/7/read", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("for alice only", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, reporter.Count(ReceiptState.Read));
    }

    [Fact]
    public async Task Send_goes_out_as_the_token_owner_whatever_the_body_claims()
    {
        await using var f = await StartWithAliceMessageAsync();
        var delivery = new FakeNativeDelivery(f.Daemon);
        f.Daemon.Delivery = delivery;
        f.Daemon.UserNames[Alice] = "alice";
        using var client = f.Client(Alice);

        using var content = new StringContent("""{"recipient":"BOB@10.0.0.7:2426","text":"hi","fromUser":"mallory","fromUid":0}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/send", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(delivery.Submitted);
        Assert.Equal(("alice", Alice, "hi"), (sent.FromUser, sent.FromUid, sent.Text));
    }

    [Fact]
    public async Task A_reply_is_offered_to_the_token_owner_of_the_message_only_and_sent_as_that_user()
    {
        await using var f = await StartWithAliceMessageAsync();
        var transports = new Messngr.Daemon.Tests.Sending.FakeClassicTransports();
        f.Daemon.SendStack = Messngr.Daemon.Tests.Sending.FakeSendStack.Create(transports);
        f.Daemon.UserNames[Alice] = "alice";
        f.Daemon.AddHistory(FakeDaemonControl.Message(8, "BOB", "ALICE", "lunch?"));
        using var alice = f.Client(Alice);
        using var bob = f.Client(Bob);

        using var bobs = await bob.PostAsync("/api/v1/messages/8/reply", new StringContent("""{"text":"hijack"}""", Encoding.UTF8, "application/json"));
        using var alices = await alice.PostAsync("/api/v1/messages/8/reply", new StringContent("""{"text":"yes"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, bobs.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alices.StatusCode);
        Assert.Contains("\"recipient\":\"BOB\",\"outcome\":\"delivered\"", await alices.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(new Messngr.Daemon.Sending.ClassicMessage("alice", "BOB", "yes"), transports.Messages.Single());
    }

    [Fact]
    public async Task Names_are_added_as_the_token_owner()
    {
        await using var f = await StartWithAliceMessageAsync();
        using var client = f.Client(Bob);

        using var content = new StringContent("""{"name":"BOBBY"}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/names", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains(("add BOBBY", Bob), f.Daemon.Calls);
    }
}
