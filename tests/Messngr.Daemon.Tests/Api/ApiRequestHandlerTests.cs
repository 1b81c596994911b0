using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Messngr.Daemon.Core;
using Messngr.Daemon.Tests.Control;

namespace Messngr.Daemon.Tests.Api;

/// <summary>Issue #15, item 1: the API's routes, tokens, receipts and stream, and what a hostile client gets.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ApiRequestHandlerTests
{
    private const uint Alice = ApiServerFixture.Alice;
    private const uint Bob = ApiServerFixture.Bob;

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post || method == HttpMethod.Put)
        {
            request.Content = ApiServerFixture.Json("{\"recipients\":[\"bob\"],\"text\":\"hi\"}");
        }

        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string ErrorCode(string body)
    {
        using var json = JsonDocument.Parse(body);
        Assert.True(json.RootElement.TryGetProperty("message", out _));
        return json.RootElement.GetProperty("error").GetString()!;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer msgr_0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("Bearer nonsense")]
    [InlineData("Basic YWxpY2U6cGFzcw==")]
    public async Task A_missing_or_invalid_token_is_401_on_every_route_and_nothing_is_sent(string? authorization)
    {
        await using var f = await ApiServerFixture.StartAsync();
        f.NewToken(Alice);
        using var client = f.Client(null);
        foreach (var (method, path) in new[] { (HttpMethod.Post, "/v1/messages"), (HttpMethod.Get, "/v1/stream"), (HttpMethod.Get, "/v1/messages/" + MessageId.New()), (HttpMethod.Get, "/v1/nothing") })
        {
            using var request = new HttpRequestMessage(method, path);
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            if (method == HttpMethod.Post)
            {
                request.Content = ApiServerFixture.Json("{\"recipients\":[\"bob\"],\"text\":\"hi\"}");
            }

            using var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal("unauthorized", ErrorCode(await response.Content.ReadAsStringAsync()));
        }

        Assert.Empty(f.Transports.Calls);
        Assert.DoesNotContain(f.Daemon.Calls, c => c.Call == "listen");
    }

    [Fact]
    public async Task A_revoked_token_is_401_at_once_and_its_open_stream_ends()
    {
        await using var f = await ApiServerFixture.StartAsync();
        using var client = f.Client(f.NewToken(Alice));
        using var stream = await client.GetAsync("/v1/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());

        Assert.Equal(Messngr.Daemon.Api.ApiTokenOutcome.Ok, f.Tokens.Revoke(Alice, "ci").Outcome);
        var (status, body) = await SendAsync(client, HttpMethod.Post, "/v1/messages");
        var end = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("unauthorized", ErrorCode(body));
        Assert.Empty(f.Transports.Calls);
        Assert.Equal(string.Empty, end);
    }

    [Theory]
    [InlineData("GET", "/v1/messages")]
    [InlineData("DELETE", "/v1/messages")]
    [InlineData("POST", "/v1/stream")]
    [InlineData("POST", "/openapi.json")]
    public async Task A_wrong_method_is_405_with_allow(string method, string path)
    {
        await using var f = await ApiServerFixture.StartAsync();
        using var client = f.Client(f.NewToken(Alice));

        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.NotEmpty(response.Content.Headers.Allow);
        Assert.Equal("method-not-allowed", ErrorCode(await response.Content.ReadAsStringAsync()));
        Assert.Empty(f.Transports.Calls);
    }

    /// <summary>
    /// Alertmanager's webhook_config reaches <c>POST /v1/alertmanager</c> on the API with a token
    /// (issue #15, items 1 and 2): routed and sent as the token's owner, and only where the token
    /// may send — a route to a recipient outside its scope is 403 and nothing is sent to anyone.
    /// </summary>
    [Fact]
    public async Task Alertmanager_is_served_with_the_token_and_within_its_scope()
    {
        await using var f = await ApiServerFixture.StartAsync();
        f.Daemon.AlertmanagerRouting = new Messngr.Daemon.Alertmanager.AlertmanagerRouting(
            Messngr.Daemon.Alertmanager.AlertmanagerRouteParser.Parse("job=http_checks -> bob OPS", 64), []);
        using var anonymous = new HttpClient { BaseAddress = f.Origin };
        using var narrow = f.Client(f.NewToken(Alice, "am-narrow", "bob"));
        using var wide = f.Client(f.NewToken(Alice, "am-wide", "bob", "OPS"));
        HttpContent Payload() => new StringContent(Messngr.Daemon.Tests.Alertmanager.AlertmanagerPayloads.Firing, System.Text.Encoding.UTF8, "application/json");

        using (var unauthorized = await anonymous.PostAsync(new Uri("/v1/alertmanager", UriKind.Relative), Payload()))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        }

        using (var outside = await narrow.PostAsync(new Uri("/v1/alertmanager", UriKind.Relative), Payload()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
            Assert.Contains("may not send to OPS", await outside.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Empty(f.Transports.Calls);
        }

        using var inside = await wide.PostAsync(new Uri("/v1/alertmanager", UriKind.Relative), Payload());
        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        Assert.Contains(("alice", "BOB"), f.Transports.Messages.Select(m => (m.From, m.To))); // as the token's owner (OPS is held by nobody here)
    }

    [Theory]
    [InlineData("/v1/nothing")]
    [InlineData("/v1/send/any")]
    [InlineData("/v1/history")]
    [InlineData("/v1/tokens")]
    [InlineData("/")]
    public async Task An_unknown_path_is_404_even_one_the_control_socket_serves(string path)
    {
        await using var f = await ApiServerFixture.StartAsync();
        using var client = f.Client(f.NewToken(Alice));

        var (status, body) = await SendAsync(client, HttpMethod.Post, path);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("not-found", ErrorCode(body));
        Assert.Empty(f.Transports.Calls);
    }

    [Fact]
    public async Task A_native_publish_carries_priority_expiry_and_key_and_its_receipts_are_seen_by_its_owner_only()
    {
        await using var f = await ApiServerFixture.StartAsync();
        using var trustDir = new Messngr.Daemon.Tests.Users.TempDirectory();
        var trust = Messngr.Daemon.Native.TrustStore.Open(trustDir.Path);
        var bobNode = Messngr.Daemon.Tests.Native.TrustStoreTests.Id("bob");
        trust.Add(new Messngr.Daemon.Native.TrustEntry(bobNode, "BOB", DateTimeOffset.UtcNow, 0, Messngr.Daemon.Native.TrustSource.Manual));
        var peers = new Messngr.Daemon.Native.PeerTable(8, trust, [], TimeProvider.System, new Messngr.Daemon.Tests.Hosting.CapturingLogger());
        peers.Announced(bobNode, ["BOB"], IPAddress.Parse("10.13.0.2"), 2426);
        f.Daemon.Peers = peers;
        var delivery = new FakeNativeDelivery(f.Daemon);
        f.Daemon.Delivery = delivery;
        using var alice = f.Client(f.NewToken(Alice));
        using var bob = f.Client(f.NewToken(Bob));
        var before = DateTimeOffset.UtcNow;

        using var content = ApiServerFixture.Json("{\"recipients\":[\"bob\"],\"text\":\"UPS on battery\",\"priority\":\"critical\",\"expires\":600,\"correlationKey\":\"ups-1\"}");
        using var published = await alice.PostAsync("/v1/messages", content);
        var body = await published.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var sent = Assert.Single(delivery.Submitted);
        Assert.Equal(("UPS on battery", "alice", Alice, Priority.Critical, "ups-1"), (sent.Text, sent.FromUser, sent.FromUid, sent.Priority, sent.CorrelationKey));
        Assert.InRange(sent.ExpiresAt!.Value, before.AddSeconds(599), DateTimeOffset.UtcNow.AddSeconds(601));
        using var result = JsonDocument.Parse(body);
        var id = result.RootElement.GetProperty("results")[0].GetProperty("messageId").GetString();
        Assert.Equal(sent.Id.ToString(), id);

        var (own, ownBody) = await SendAsync(alice, HttpMethod.Get, "/v1/messages/" + id);
        var (other, otherBody) = await SendAsync(bob, HttpMethod.Get, "/v1/messages/" + id);

        Assert.Equal(HttpStatusCode.OK, own);
        Assert.Contains("\"state\":\"stored\"", ownBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, other);
        Assert.Equal("not-found", ErrorCode(otherBody));
        Assert.DoesNotContain("ups", otherBody, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_stream_brings_the_owners_new_messages_as_server_sent_events_and_not_another_users()
    {
        await using var f = await ApiServerFixture.StartAsync();
        await f.Daemon.AddNameAsync("ALICE", Alice, CancellationToken.None);
        await f.Daemon.AddNameAsync("BOB", Bob, CancellationToken.None);
        using var alice = f.Client(f.NewToken(Alice));
        using var bob = f.Client(f.NewToken(Bob));
        using var aliceStream = await alice.GetAsync("/v1/stream", HttpCompletionOption.ResponseHeadersRead);
        using var bobStream = await bob.GetAsync("/v1/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", aliceStream.Content.Headers.ContentType?.MediaType);
        using var aliceReader = new StreamReader(await aliceStream.Content.ReadAsStreamAsync());
        using var bobReader = new StreamReader(await bobStream.Content.ReadAsStreamAsync());

        f.Daemon.Publish(FakeDaemonControl.Message(8, "MALLORY", "ALICE", "for alice only"));
        f.Daemon.Publish(FakeDaemonControl.Message(9, "MALLORY", "BOB", "for bob"));
        var line = await aliceReader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var bobLine = await bobReader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.StartsWith("data: {", line, StringComparison.Ordinal);
        Assert.Contains("\"text\":\"for alice only\"", line, StringComparison.Ordinal);
        // Bob's first event is his own message, published after Alice's: hers never reached his stream.
        Assert.Contains("\"text\":\"for bob\"", bobLine, StringComparison.Ordinal);
        Assert.Contains(("listen", Alice), f.Daemon.Calls);
        Assert.Contains(("listen", Bob), f.Daemon.Calls);
    }

    [Fact]
    public async Task A_flood_beyond_the_requests_in_flight_is_429_at_once()
    {
        await using var f = await ApiServerFixture.StartAsync(new DaemonLimits { MaxApiRequestsInFlight = 1 });
        using var client = f.Client(f.NewToken(Alice));
        using var held = await client.GetAsync("/v1/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);

        using var other = f.Client(null);
        var (status, body) = await SendAsync(other, HttpMethod.Post, "/v1/messages");

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("busy", ErrorCode(body));
        Assert.Empty(f.Transports.Calls);
    }

    [Fact]
    public async Task Streams_of_one_token_beyond_the_cap_are_429()
    {
        await using var f = await ApiServerFixture.StartAsync(new DaemonLimits { MaxApiStreamsPerToken = 1 });
        using var client = f.Client(f.NewToken(Alice));
        using var first = await client.GetAsync("/v1/stream", HttpCompletionOption.ResponseHeadersRead);

        var (status, body) = await SendAsync(client, HttpMethod.Get, "/v1/stream");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("busy", ErrorCode(body));
    }

    [Fact]
    public async Task A_client_trickling_its_headers_is_cut_by_the_header_timeout()
    {
        await using var f = await ApiServerFixture.StartAsync(new DaemonLimits { ApiHeadersTimeout = TimeSpan.FromSeconds(2) });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, f.Server.BoundPort));
        // 200 bytes at one per 100 ms: 20 s, ten times the 2 s header timeout (Kestrel checks it every second),
        // yet shorter than Kestrel's own default of 30 s, so only the API's limit can cut it.
        var request = Encoding.ASCII.GetBytes("POST /v1/messages HTTP/1.1\r\nHost: x\r\nX-Slow: " + new string('a', 160));
        var cut = false;
        var answer = new byte[4096];
        var read = 0;
        for (var i = 0; i < request.Length && !cut; i++)
        {
            try
            {
                await socket.SendAsync(request.AsMemory(i, 1));
                if (socket.Poll(100_000, SelectMode.SelectRead))
                {
                    read = await socket.ReceiveAsync(answer);
                    cut = true;
                }
            }
            catch (SocketException)
            {
                cut = true;
            }
        }

        Assert.True(cut, "the server kept a connection that trickled its headers");
        var text = Encoding.ASCII.GetString(answer, 0, read);
        Assert.True(read == 0 || text.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), text);
        Assert.Empty(f.Transports.Calls);
    }

    [Fact]
    public async Task The_openapi_document_is_served_without_a_token_as_json()
    {
        await using var f = await ApiServerFixture.StartAsync();
        using var client = f.Client(null);

        foreach (var path in new[] { "/openapi.json", "/v1/openapi.json" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("3.1.0", doc.RootElement.GetProperty("openapi").GetString());
        }
    }

    [Fact]
    public async Task Every_answer_is_no_store_and_nosniff()
    {
        await using var f = await ApiServerFixture.StartAsync();
        using var client = f.Client(f.NewToken(Alice));

        using var response = await client.GetAsync("/v1/nothing");

        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
