namespace Messngr.Daemon.Metrics;

/// <summary>One metric and its samples at one scrape (<see cref="MetricsCollector.Collect"/>): what <see cref="PrometheusTextWriter"/> writes.</summary>
/// <param name="Name">The base name (a counter's without <c>_total</c>).</param>
internal sealed record MetricFamily(string Name, string Help, MetricType Type, IReadOnlyList<MetricSample> Samples);

/// <summary>One label set's value; a histogram's <see cref="Histogram"/> instead of <see cref="Value"/>.</summary>
internal sealed record MetricSample(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, HistogramValue? Histogram = null);

/// <summary>
/// A histogram's state: <see cref="Counts"/>[i] is the number of observations ≤ <see cref="Bounds"/>[i]
/// and above the bound before it (not cumulative), the last entry those above every bound (+Inf).
/// </summary>
internal sealed record HistogramValue(IReadOnlyList<double> Bounds, IReadOnlyList<long> Counts, double Sum, long Count);
