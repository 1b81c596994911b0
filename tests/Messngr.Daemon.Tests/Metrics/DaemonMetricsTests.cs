using Messngr.Daemon.Core;
using Messngr.Daemon.Metrics;

namespace Messngr.Daemon.Tests.Metrics;

/// <summary>Issue #15, item 6: the daemon's instruments as a scrape shows them, and /healthz's verdict.</summary>
public sealed class DaemonMetricsTests
{
    [Fact]
    public void Refusals_the_listeners_count_appear_as_rejected_by_reason_and_queues_as_gauges()
    {
        var counters = new ListenerCounters();
        using var metrics = new DaemonMetrics(counters);
        using var collector = new MetricsCollector(metrics.Meter);
        counters.CountRejectedByPolicy();
        counters.CountRejectedByPolicy();
        counters.CountRateLimited();
        counters.CountUnknownRecipient();
        var depth = 7L;
        metrics.AddQueue("outbox", () => depth);
        metrics.AddQueues(() => [("sink-tty", 2)]);

        var text = PrometheusTextWriter.Write(collector.Collect());

        Assert.Contains("messngr_messages_rejected_total{reason=\"policy\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("messngr_messages_rejected_total{reason=\"rate-limit\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("messngr_messages_rejected_total{reason=\"unknown-recipient\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("messngr_queue_depth{queue=\"outbox\"} 7\n", text, StringComparison.Ordinal);
        Assert.Contains("messngr_queue_depth{queue=\"sink-tty\"} 2\n", text, StringComparison.Ordinal);

        depth = 0;
        Assert.Contains("messngr_queue_depth{queue=\"outbox\"} 0\n", PrometheusTextWriter.Write(collector.Collect()), StringComparison.Ordinal);
    }

    [Fact]
    public void Received_sent_and_receipts_are_counted_by_label_with_latency_per_direction()
    {
        using var metrics = new DaemonMetrics(new ListenerCounters());
        using var collector = new MetricsCollector(metrics.Meter);
        metrics.Received(MessageTransport.Smb, TimeSpan.FromMilliseconds(3));
        metrics.Received(MessageTransport.Mailslot, TimeSpan.FromMilliseconds(3));
        metrics.SentNative(TimeSpan.FromSeconds(2));
        metrics.Sent("rpc");
        metrics.Receipt(ReceiptState.Stored);

        var text = PrometheusTextWriter.Write(collector.Collect());

        Assert.Contains("messngr_messages_received_total{transport=\"smb\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("messngr_messages_received_total{transport=\"mailslot\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("messngr_messages_sent_total{transport=\"native\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("messngr_messages_sent_total{transport=\"rpc\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("messngr_receipts_total{state=\"stored\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("messngr_delivery_latency_seconds_count{direction=\"sent\",transport=\"native\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("messngr_delivery_latency_seconds_bucket{direction=\"sent\",transport=\"native\",le=\"1\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("messngr_delivery_latency_seconds_bucket{direction=\"sent\",transport=\"native\",le=\"2.5\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Health_is_ok_with_one_listener_bound_and_names_the_store_and_the_listeners_when_they_fail()
    {
        ListenerStatus bound = new("session", "tcp", "127.0.0.1:139", true, null);
        ListenerStatus inUse = new("name service", "udp", "0.0.0.0:137", false, "in use") { State = ListenerState.InUse };

        var ok = new HealthReport(StoreHealth.Healthy, [bound, inUse]);
        var failing = new HealthReport(new StoreHealth(false, "disk full", DateTimeOffset.UnixEpoch), [inUse]);

        Assert.True(ok.Ok);
        Assert.False(failing.Ok);
        Assert.Equal(["store", "listeners"], failing.Failing);
        var json = System.Text.Encoding.UTF8.GetString(failing.ToJson());
        Assert.Contains("\"status\":\"failing\"", json, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"in-use\"", json, StringComparison.Ordinal);
        Assert.Contains("\"detail\":\"disk full\"", json, StringComparison.Ordinal);
    }
}
