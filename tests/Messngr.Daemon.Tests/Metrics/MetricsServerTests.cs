using System.Net;
using System.Net.Sockets;
using System.Text;
using Messngr.Daemon.Core;
using Messngr.Daemon.Metrics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Tests.Metrics;

/// <summary>
/// Issue #15, item 6: the metrics listener on loopback: /metrics and /healthz answered, other
/// paths and methods refused, and a hostile client bounded — one that never finishes its request
/// is cut, connections over the cap are closed at once. Waits are safety nets, never timings.
/// </summary>
public sealed class MetricsServerTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    private static async Task<MetricsServer> StartAsync(DaemonMetrics metrics, StoreHealth store, DaemonLimits? limits = null)
    {
        ListenerStatus bound = new("session service", "tcp", "127.0.0.1:139", true, null);
        var server = new MetricsServer(new IPEndPoint(IPAddress.Loopback, 0), metrics, () => new HealthReport(store, [bound]), NullLoggerFactory.Instance, limits);
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    /// <summary>One HTTP/1.0 request; the whole answer as text.</summary>
    private static async Task<string> RequestAsync(int port, string method, string path)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync().WaitAsync(SafetyNet);
    }

    [Fact]
    public async Task Metrics_and_healthz_are_served_and_other_paths_and_methods_are_refused()
    {
        var counters = new ListenerCounters();
        using var metrics = new DaemonMetrics(counters);
        counters.CountRejectedByPolicy();
        await using var server = await StartAsync(metrics, StoreHealth.Healthy);

        var scrape = await RequestAsync(server.BoundPort, "GET", "/metrics");
        Assert.StartsWith("HTTP/1.1 200", scrape, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/plain; version=0.0.4; charset=utf-8", scrape, StringComparison.Ordinal);
        Assert.Contains("messngr_messages_rejected_total{reason=\"policy\"} 1\n", scrape, StringComparison.Ordinal);

        var health = await RequestAsync(server.BoundPort, "GET", "/healthz");
        Assert.StartsWith("HTTP/1.1 200", health, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"ok\"", health, StringComparison.Ordinal);

        Assert.StartsWith("HTTP/1.1 404", await RequestAsync(server.BoundPort, "GET", "/"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 405", await RequestAsync(server.BoundPort, "DELETE", "/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_is_503_with_the_store_named_when_the_store_fails()
    {
        using var metrics = new DaemonMetrics(new ListenerCounters());
        await using var server = await StartAsync(metrics, new StoreHealth(false, "disk full", DateTimeOffset.UnixEpoch));

        var health = await RequestAsync(server.BoundPort, "GET", "/healthz");

        Assert.StartsWith("HTTP/1.1 503", health, StringComparison.Ordinal);
        Assert.Contains("\"failing\":[\"store\"]", health, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_never_sends_its_request_is_cut_and_connections_over_the_cap_are_closed()
    {
        using var metrics = new DaemonMetrics(new ListenerCounters());
        var limits = DaemonLimits.Default with { MaxMetricsConnections = 2, MetricsHeadersTimeout = TimeSpan.FromSeconds(1) };
        await using var server = await StartAsync(metrics, StoreHealth.Healthy, limits);

        using var slow1 = new TcpClient();
        using var slow2 = new TcpClient();
        await slow1.ConnectAsync(IPAddress.Loopback, server.BoundPort);
        await slow2.ConnectAsync(IPAddress.Loopback, server.BoundPort);
        await slow1.GetStream().WriteAsync("GET /metrics HTTP/1.1\r\n"u8.ToArray()); // and never the rest

        // Both slots taken: a third connection is closed without an answer.
        using (var third = new TcpClient())
        {
            await third.ConnectAsync(IPAddress.Loopback, server.BoundPort);
            await third.GetStream().WriteAsync("GET /metrics HTTP/1.0\r\n\r\n"u8.ToArray());
            var answer = await new StreamReader(third.GetStream()).ReadToEndAsync().WaitAsync(SafetyNet);
            Assert.DoesNotContain("200", answer, StringComparison.Ordinal);
        }

        // The slow ones are cut by the headers timeout (the read ends: 0 bytes or a reset) ...
        await ReadUntilClosedAsync(slow1);
        await ReadUntilClosedAsync(slow2);

        // ... and their slots serve a scraper again.
        Assert.StartsWith("HTTP/1.1 200", await RequestAsync(server.BoundPort, "GET", "/metrics"), StringComparison.Ordinal);
    }

    private static async Task ReadUntilClosedAsync(TcpClient client)
    {
        var buffer = new byte[4096];
        try
        {
            while (await client.GetStream().ReadAsync(buffer).AsTask().WaitAsync(SafetyNet) > 0)
            {
                // a 408 answer may come before the close
            }
        }
        catch (IOException)
        {
            // reset: closed too
        }
    }
}
