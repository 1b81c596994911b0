using System.Diagnostics.Metrics;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Metrics;

/// <summary>
/// The daemon's instruments (issue #15, item 6), on the base library's
/// <see cref="System.Diagnostics.Metrics"/>: one <see cref="Meter"/> named <c>messngr</c> per
/// daemon (tests run several daemons in one process; <see cref="MetricsCollector"/> listens to
/// this instance only). Instrument names are the Prometheus names without <c>_total</c>
/// (<see cref="PrometheusTextWriter"/> appends it to counters). Counts the daemon already keeps
/// (<see cref="ListenerCounters"/>) are read at scrape time as observable counters, so no
/// refusal path counts twice.
/// </summary>
internal sealed class DaemonMetrics : IDisposable
{
    public const string MeterName = "messngr";

    /// <summary>Delivery latency buckets, seconds: a LAN commit takes milliseconds, a queued native message up to the outbox expiry.</summary>
    public static readonly IReadOnlyList<double> LatencyBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600];

    private readonly Counter<long> _received;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _receipts;
    private readonly Histogram<double> _latency;
    private readonly List<Func<IEnumerable<Measurement<long>>>> _queues = [];
    private readonly Lock _queuesLock = new();

    public DaemonMetrics(ListenerCounters counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        Meter = new Meter(MeterName);
        _received = Meter.CreateCounter<long>("messngr_messages_received", null, "Messages received and committed to the store, by the transport they arrived on.");
        _sent = Meter.CreateCounter<long>("messngr_messages_sent", null, "Messages this daemon sent that the receiver accepted (classic) or stored (native), by transport.");
        _receipts = Meter.CreateCounter<long>("messngr_receipts", null, "Receipt states recorded for messages this node sent (queued, sent, stored, displayed, read, expired, failed).");
        _latency = Meter.CreateHistogram<double>("messngr_delivery_latency_seconds", "s",
            "Received: from arrival to commit; sent (native): from submission to the receiver's stored receipt.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        Meter.CreateObservableCounter("messngr_messages_rejected", () => Rejected(counters), null,
            "Messages, packets and connections refused or dropped, by reason.");
        Meter.CreateObservableGauge("messngr_queue_depth", Queues, null,
            "Items waiting in the daemon's bounded queues (pipeline, each sink, native outbox).");
    }

    public Meter Meter { get; }

    /// <summary>A message committed for the first time (duplicates are not counted again), with its arrival-to-commit time.</summary>
    public void Received(MessageTransport transport, TimeSpan latency)
    {
        var label = new KeyValuePair<string, object?>("transport", MessageTransportName.Of(transport));
        _received.Add(1, label);
        _latency.Record(Math.Max(0, latency.TotalSeconds), new KeyValuePair<string, object?>("direction", "received"), label);
    }

    /// <summary>A classic send the receiver accepted (<c>smb</c>, <c>mailslot</c>, <c>rpc</c>, <c>local</c>).</summary>
    public void Sent(string transport) => _sent.Add(1, new KeyValuePair<string, object?>("transport", transport));

    /// <summary>A native message its node stored (first time), with the time from submission to the stored receipt.</summary>
    public void SentNative(TimeSpan latency)
    {
        var label = new KeyValuePair<string, object?>("transport", "native");
        _sent.Add(1, label);
        _latency.Record(Math.Max(0, latency.TotalSeconds), new KeyValuePair<string, object?>("direction", "sent"), label);
    }

    /// <summary>A receipt state recorded in the outbox (once per message and state).</summary>
    public void Receipt(ReceiptState state) => _receipts.Add(1, new KeyValuePair<string, object?>("state", ReceiptStateText.Format(state)));

    /// <summary>Adds a queue to <c>messngr_queue_depth</c>: <paramref name="depth"/> is asked at each scrape.</summary>
    public void AddQueue(string name, Func<long> depth)
    {
        lock (_queuesLock)
        {
            _queues.Add(() => [new Measurement<long>(depth(), new KeyValuePair<string, object?>("queue", name))]);
        }
    }

    /// <summary>Adds queues whose set is asked at each scrape (the sinks: a reload may replace one).</summary>
    public void AddQueues(Func<IEnumerable<(string Name, long Depth)>> depths)
    {
        lock (_queuesLock)
        {
            _queues.Add(() => depths().Select(d => new Measurement<long>(d.Depth, new KeyValuePair<string, object?>("queue", d.Name))));
        }
    }

    public void Dispose() => Meter.Dispose();

    private IEnumerable<Measurement<long>> Queues()
    {
        List<Func<IEnumerable<Measurement<long>>>> queues;
        lock (_queuesLock)
        {
            queues = [.. _queues];
        }

        var all = new List<Measurement<long>>();
        foreach (var queue in queues)
        {
            try
            {
                all.AddRange(queue());
            }
            catch (Exception ex) when (ex is StoreException or Microsoft.Data.Sqlite.SqliteException or ObjectDisposedException or InvalidOperationException)
            {
                // A failing store (the outbox count) leaves its row out; /healthz names the store.
            }
        }

        return all;
    }

    /// <summary>The refusals the listeners, the policy and the pipeline count, as <c>reason</c> labels.</summary>
    private static IEnumerable<Measurement<long>> Rejected(ListenerCounters c) =>
    [
        Reason("policy", c.RejectedByPolicy),
        Reason("rate-limit", c.RateLimited),
        Reason("malformed", c.Malformed),
        Reason("unknown-recipient", c.UnknownRecipient),
        Reason("queue-full", c.Dropped),
        Reason("store-failure", c.StoreFailures),
        Reason("commit-timeout", c.CommitTimedOut),
        Reason("connection-limit", c.RefusedConnections),
    ];

    private static Measurement<long> Reason(string reason, long value) => new(value, new KeyValuePair<string, object?>("reason", reason));
}
