using System.Net;
using System.Net.Sockets;
using System.Text;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Web;

/// <summary>
/// Issue #14, item 2, second part, as a hostile local user: the web listener's connections
/// (<see cref="DaemonLimits.MaxWebConnections"/>) are shared by every user, so one uid may hold at
/// most <see cref="DaemonLimits.MaxWebStreamsPerUser"/> long-lived requests (event streams, sent
/// waits; 429 beyond), and a connection nobody authenticates is closed after
/// <see cref="DaemonLimits.WebHeadersTimeout"/> idle.
/// </summary>
public sealed class WebConnectionCapTests
{
    private const uint Alice = 1000;
    private const uint Bob = 2000;

    private static async Task<HttpResponseMessage> OpenStreamAsync(HttpClient client) =>
        await client.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);

    /// <summary>GET <paramref name="path"/> until it answers 200 (a connection refused while another closes is retried), within the safety net.</summary>
    private static async Task<HttpResponseMessage> EventuallyOkAsync(HttpClient client, string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return response;
                }

                response.Dispose();
            }
            catch (HttpRequestException)
            {
                // the listener was full for a moment
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} never answered 200 within the safety net");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task One_user_holding_its_cap_of_streams_and_more_gets_429_while_another_user_still_gets_the_page_and_its_stream()
    {
        var limits = DaemonLimits.Default with { MaxWebStreamsPerUser = 3, MaxWebConnections = 6 };
        await using var f = await WebServerFixture.StartAsync(limits);
        var alice = new List<HttpClient>();
        var held = new List<HttpResponseMessage>();
        try
        {
            // As many streams as the listener has connections, each on a connection of its own, as a hostile script would hold them.
            for (var i = 0; i < limits.MaxWebConnections; i++)
            {
                var client = f.Client(Alice);
                alice.Add(client);
                held.Add(await OpenStreamAsync(client));
            }

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], held.Select(r => r.StatusCode));
            Assert.Contains("\"error\":\"busy\"", await held[^1].Content.ReadAsStringAsync(), StringComparison.Ordinal);

            using var bob = f.Client(Bob);
            using var page = await EventuallyOkAsync(bob, "/");
            using var bobStream = await EventuallyOkAsync(bob, "/api/v1/events");
            Assert.Equal("text/event-stream", bobStream.Content.Headers.ContentType?.MediaType);

            // A stream Alice closes gives its slot back.
            held[0].Dispose();
            alice[0].Dispose();
            using var again = f.Client(Alice);
            using var reopened = await EventuallyOkAsync(again, "/api/v1/events");
        }
        finally
        {
            foreach (var response in held)
            {
                response.Dispose();
            }

            foreach (var client in alice)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_connection_without_a_token_is_closed_after_the_401()
    {
        await using var f = await WebServerFixture.StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, f.Access.BoundPort));
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /api/v1/history HTTP/1.1\r\nHost: 127.0.0.1:{f.Access.BoundPort}\r\n\r\n"));

        var received = await ReadUntilClosedAsync(socket);

        Assert.StartsWith("HTTP/1.1 401 ", received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_left_idle_after_a_request_is_closed_by_the_listener()
    {
        await using var f = await WebServerFixture.StartAsync(DaemonLimits.Default with { WebHeadersTimeout = TimeSpan.FromSeconds(2) });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, f.Access.BoundPort));
        await socket.SendAsync(Encoding.ASCII.GetBytes($"HEAD / HTTP/1.1\r\nHost: 127.0.0.1:{f.Access.BoundPort}\r\n\r\n"));

        // The page's headers, then the connection is kept alive and idle: the listener must close it (Kestrel's default keeps it 130 s).
        var received = await ReadUntilClosedAsync(socket);

        Assert.StartsWith("HTTP/1.1 200 ", received, StringComparison.Ordinal);
    }

    /// <summary>Everything the listener sends until it closes the connection (a 60 s safety net).</summary>
    private static async Task<string> ReadUntilClosedAsync(Socket socket)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        using var safetyNet = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, safetyNet.Token)) > 0)
        {
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return received.ToString();
    }
}
