using System.Diagnostics.Metrics;
using Messngr.Daemon.Metrics;

namespace Messngr.Daemon.Tests.Metrics;

/// <summary>
/// Issue #15, item 6: the Prometheus text format 0.0.4 writer (exposition_formats.md): HELP and
/// TYPE lines, counters with <c>_total</c>, histograms as cumulative buckets with <c>+Inf</c>,
/// <c>_sum</c> and <c>_count</c>, label values and HELP escaped, names made valid.
/// </summary>
public sealed class PrometheusTextWriterTests
{
    private static KeyValuePair<string, string> L(string key, string value) => new(key, value);

    [Fact]
    public void A_counter_is_written_with_help_type_and_the_total_suffix()
    {
        var text = PrometheusTextWriter.Write([new MetricFamily("messngr_messages_received", "Messages received.", MetricType.Counter, [new MetricSample([L("transport", "smb")], 3)])]);

        Assert.Equal(
            "# HELP messngr_messages_received_total Messages received.\n" +
            "# TYPE messngr_messages_received_total counter\n" +
            "messngr_messages_received_total{transport=\"smb\"} 3\n",
            text);
    }

    [Fact]
    public void Label_values_escape_backslash_quote_and_line_feed_and_help_escapes_backslash_and_line_feed()
    {
        var text = PrometheusTextWriter.Write([new MetricFamily("g", "a \\ \"quoted\"\nhelp", MetricType.Gauge, [new MetricSample([L("queue", "a\\b\"c\nd")], 1.5)])]);

        Assert.Contains("# HELP g a \\\\ \"quoted\"\\nhelp\n", text, StringComparison.Ordinal);
        Assert.Contains("g{queue=\"a\\\\b\\\"c\\nd\"} 1.5\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_characters_in_metric_and_label_names_become_underscores()
    {
        Assert.Equal("messngr_queue_depth", PrometheusTextWriter.MetricName("messngr.queue-depth"));
        Assert.Equal("_9lives", PrometheusTextWriter.MetricName("9lives"));
        Assert.Equal("a:b", PrometheusTextWriter.MetricName("a:b"));
        Assert.Equal("a_b", PrometheusTextWriter.LabelName("a:b"));
    }

    [Fact]
    public void Special_values_use_the_formats_spellings()
    {
        Assert.Equal("+Inf", PrometheusTextWriter.Number(double.PositiveInfinity));
        Assert.Equal("-Inf", PrometheusTextWriter.Number(double.NegativeInfinity));
        Assert.Equal("NaN", PrometheusTextWriter.Number(double.NaN));
        Assert.Equal("0.25", PrometheusTextWriter.Number(0.25));
    }

    [Fact]
    public void A_histogram_from_a_meter_has_cumulative_buckets_an_inf_bucket_sum_and_count()
    {
        using var meter = new Meter("messngr-test-" + Guid.NewGuid().ToString("N"));
        var histogram = meter.CreateHistogram<double>("latency_seconds", "s", "Latency.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        using var collector = new MetricsCollector(meter);
        foreach (var value in new[] { 0.05, 0.1, 0.5, 5, 50 })
        {
            histogram.Record(value, new KeyValuePair<string, object?>("direction", "received"));
        }

        var text = PrometheusTextWriter.Write(collector.Collect());

        Assert.Equal(
            "# HELP latency_seconds Latency.\n" +
            "# TYPE latency_seconds histogram\n" +
            "latency_seconds_bucket{direction=\"received\",le=\"0.1\"} 2\n" +
            "latency_seconds_bucket{direction=\"received\",le=\"1\"} 3\n" +
            "latency_seconds_bucket{direction=\"received\",le=\"10\"} 4\n" +
            "latency_seconds_bucket{direction=\"received\",le=\"+Inf\"} 5\n" +
            "latency_seconds_sum{direction=\"received\"} 55.65\n" +
            "latency_seconds_count{direction=\"received\"} 5\n",
            text);
    }

    [Fact]
    public void The_collector_sums_a_counter_per_label_set_and_ignores_other_meters()
    {
        using var meter = new Meter("messngr-test-" + Guid.NewGuid().ToString("N"));
        using var other = new Meter("messngr-test-" + Guid.NewGuid().ToString("N"));
        var counter = meter.CreateCounter<long>("sent");
        var stranger = other.CreateCounter<long>("stranger");
        using var collector = new MetricsCollector(meter);
        counter.Add(1, new KeyValuePair<string, object?>("transport", "smb"));
        counter.Add(2, new KeyValuePair<string, object?>("transport", "smb"));
        counter.Add(1, new KeyValuePair<string, object?>("transport", "rpc"));
        stranger.Add(5);

        var text = PrometheusTextWriter.Write(collector.Collect());

        Assert.Contains("sent_total{transport=\"smb\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("sent_total{transport=\"rpc\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("stranger", text, StringComparison.Ordinal);
    }
}
