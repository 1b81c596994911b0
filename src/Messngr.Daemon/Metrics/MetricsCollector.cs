using System.Diagnostics.Metrics;

namespace Messngr.Daemon.Metrics;

/// <summary>
/// Listens to one <see cref="Meter"/> (a <see cref="MeterListener"/>, the base library's way to
/// read instruments without an SDK) and keeps what Prometheus needs: each counter's running sum
/// per label set, each histogram's buckets, and the last value of each observable instrument,
/// asked at <see cref="Collect"/>. Label sets are few (transports, reasons, states, queues):
/// the daemon's own code chooses every label value, never a peer.
/// </summary>
internal sealed class MetricsCollector : IDisposable
{
    private static readonly IReadOnlyList<double> DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _meter;
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<Instrument, InstrumentState> _states = [];

    public MetricsCollector(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _meter = meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _meter))
            {
                lock (_lock)
                {
                    _states[instrument] = new InstrumentState(instrument, TypeOf(instrument), BucketsOf(instrument));
                }

                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Asks the observable instruments, then returns every instrument's samples, sorted by name.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        lock (_lock)
        {
            foreach (var state in _states.Values.Where(s => s.Observable))
            {
                state.Series.Clear(); // a queue that went away (a replaced sink) is not shown forever
            }
        }

        _listener.RecordObservableInstruments();
        lock (_lock)
        {
            return [.. _states.Values.OrderBy(s => s.Instrument.Name, StringComparer.Ordinal).Select(s => s.Snapshot())];
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            labels[i] = new(tags[i].Key, Convert.ToString(tags[i].Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
        }

        Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var key = string.Join('\u0000', labels.Select(l => l.Key + "\u0001" + l.Value));
        lock (_lock)
        {
            if (_states.TryGetValue(instrument, out var state))
            {
                state.Add(key, labels, value);
            }
        }
    }

    private static MetricType TypeOf(Instrument instrument) => instrument switch
    {
        Histogram<double> or Histogram<long> or Histogram<int> => MetricType.Histogram,
        Counter<long> or Counter<double> or Counter<int> or ObservableCounter<long> or ObservableCounter<double> or ObservableCounter<int> => MetricType.Counter,
        _ => MetricType.Gauge, // gauges, up-down counters
    };

    private static IReadOnlyList<double> BucketsOf(Instrument instrument) =>
        instrument is Histogram<double> { Advice.HistogramBucketBoundaries: { } bounds } ? bounds : DefaultBuckets;

    /// <summary>One instrument's series; guarded by the collector's lock.</summary>
    private sealed class InstrumentState(Instrument instrument, MetricType type, IReadOnlyList<double> bounds)
    {
        public Instrument Instrument { get; } = instrument;

        public bool Observable { get; } = instrument.IsObservable;

        public Dictionary<string, Series> Series { get; } = new(StringComparer.Ordinal);

        public void Add(string key, KeyValuePair<string, string>[] labels, double value)
        {
            if (!Series.TryGetValue(key, out var series))
            {
                Series[key] = series = new Series(labels, type == MetricType.Histogram ? new long[bounds.Count + 1] : null);
            }

            if (type == MetricType.Histogram)
            {
                var bucket = 0;
                while (bucket < bounds.Count && value > bounds[bucket])
                {
                    bucket++;
                }

                series.Buckets![bucket]++;
                series.Count++;
                series.Value += value;
            }
            else if (Observable || type == MetricType.Gauge && Instrument is not UpDownCounter<long> and not UpDownCounter<double>)
            {
                series.Value = value; // an observation is the current value (an observable counter's running total)
            }
            else
            {
                series.Value += value;
            }
        }

        public MetricFamily Snapshot() => new(
            Instrument.Name,
            Instrument.Description ?? string.Empty,
            type,
            [.. Series.Values.Select(s => new MetricSample(s.Labels, s.Value, s.Buckets is null ? null : new HistogramValue(bounds, [.. s.Buckets], s.Value, s.Count)))]);
    }

    private sealed class Series(KeyValuePair<string, string>[] labels, long[]? buckets)
    {
        public KeyValuePair<string, string>[] Labels { get; } = labels;

        public long[]? Buckets { get; } = buckets;

        public double Value { get; set; }

        public long Count { get; set; }
    }
}
