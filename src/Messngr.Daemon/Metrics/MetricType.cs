namespace Messngr.Daemon.Metrics;

/// <summary>The Prometheus text format's metric types that messngr writes (exposition_formats.md, "# TYPE").</summary>
internal enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
