using System.Collections.Concurrent;

namespace Messngr.Daemon.Core;

/// <summary>Counters shared by all listeners (thread-safe; read by status).</summary>
internal sealed class ListenerCounters
{
    private long _received;
    private long _malformed;
    private long _ignored;
    private long _accepted;
    private long _dropped;
    private long _storeFailures;
    private long _rejectedByPolicy;
    private long _rateLimited;
    private long _refusedConnections;
    private long _commitTimedOut;
    private long _toleratedTrailingBytes;
    private long _unknownRecipient;
    private readonly ConcurrentDictionary<string, SinkCount> _sinkDropped = new(StringComparer.Ordinal);

    public long Received => Interlocked.Read(ref _received);

    /// <summary>Datagrams or frames a codec rejected (dropped, never answered).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Well-formed packets that are not for us (other names, other mailslots).</summary>
    public long Ignored => Interlocked.Read(ref _ignored);

    /// <summary>Messages handed to the pipeline.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Messages dropped because the bounded pipeline queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Messages the store could not commit (the sender was told so).</summary>
    public long StoreFailures => Interlocked.Read(ref _storeFailures);

    /// <summary>Packets and connections from sources outside the allowed networks.</summary>
    public long RejectedByPolicy => Interlocked.Read(ref _rejectedByPolicy);

    /// <summary>Packets and connections over a per-source or global rate limit.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    /// <summary>TCP connections closed at accept: too many open in all, or from that source (policy refusals are counted above).</summary>
    public long RefusedConnections => Interlocked.Read(ref _refusedConnections);

    public void CountRefusedConnection() => Interlocked.Increment(ref _refusedConnections);

    public void CountStoreFailure() => Interlocked.Increment(ref _storeFailures);

    public void CountRejectedByPolicy() => Interlocked.Increment(ref _rejectedByPolicy);

    public void CountRateLimited() => Interlocked.Increment(ref _rateLimited);

    /// <summary>All counters by name, for <c>messngr status</c>.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>
    {
        ["received"] = Received,
        ["accepted"] = Accepted,
        ["malformed"] = Malformed,
        ["ignored"] = Ignored,
        ["droppedQueueFull"] = Dropped,
        ["rejectedPolicy"] = RejectedByPolicy,
        ["rejectedRateLimit"] = RateLimited,
        ["storeFailures"] = StoreFailures,
        ["refusedConnections"] = RefusedConnections,
    }.Append(KeyValuePair.Create("commitTimedOut", CommitTimedOut))
     .Append(KeyValuePair.Create(ToleratedTrailingBytesName, ToleratedTrailingBytes))
     .Append(KeyValuePair.Create("refusedRecipient", UnknownRecipient))
     .Concat(_sinkDropped.Select(s => KeyValuePair.Create(SinkDroppedPrefix + s.Key, Interlocked.Read(ref s.Value.Count))))
     .ToDictionary();

    public void CountReceived() => Interlocked.Increment(ref _received);

    public void CountMalformed() => Interlocked.Increment(ref _malformed);

    public void CountIgnored() => Interlocked.Increment(ref _ignored);

    public void CountAccepted() => Interlocked.Increment(ref _accepted);

    public void CountDropped() => Interlocked.Increment(ref _dropped);

    // ── Sinks (issue #10, item 8) ────────────────────────────────────────────────────────────

    /// <summary>The counter name of a sink's drops in <see cref="Snapshot"/>: <c>droppedSink.tty</c>, <c>droppedSink.hook</c> …</summary>
    public const string SinkDroppedPrefix = "droppedSink.";

    /// <summary>Makes the sink's drop counter appear in <see cref="Snapshot"/> (as 0) before its first drop.</summary>
    public void RegisterSink(string sink) => _sinkDropped.GetOrAdd(sink, _ => new SinkCount());

    /// <summary>
    /// A committed message (or one terminal's copy of it) a sink did not show: its queue was full,
    /// its terminal was stuck or in backoff. The message stays in history.
    /// </summary>
    public void CountSinkDropped(string sink) => Interlocked.Increment(ref _sinkDropped.GetOrAdd(sink, _ => new SinkCount()).Count);

    /// <summary>Sessions that gave up waiting for their commit (ERRnoroom sent; DaemonLimits.SessionCommitDeadline).</summary>
    public long CommitTimedOut => Interlocked.Read(ref _commitTimedOut);

    public void CountCommitTimedOut() => Interlocked.Increment(ref _commitTimedOut);

    /// <summary>Drops counted for <paramref name="sink"/> so far.</summary>
    public long SinkDropped(string sink) => _sinkDropped.TryGetValue(sink, out var box) ? Interlocked.Read(ref box.Count) : 0;

    private sealed class SinkCount
    {
        public long Count;
    }

    // ── Classic conformance (issue #11, items 9 and 10) ──────────────────────────────────────

    /// <summary>The counter name of <see cref="ToleratedTrailingBytes"/> in <see cref="Snapshot"/> and <c>messngr status --json</c>.</summary>
    public const string ToleratedTrailingBytesName = "toleratedTrailingBytes";

    /// <summary>
    /// Messages accepted although bytes followed their text's NUL (<c>text\0\0</c>, a fixed-size
    /// buffer, padding): parsed tolerantly and counted, never dropped (docs/classic-conformance.md).
    /// </summary>
    public long ToleratedTrailingBytes => Interlocked.Read(ref _toleratedTrailingBytes);

    public void CountToleratedTrailingBytes() => Interlocked.Increment(ref _toleratedTrailingBytes);

    // ── Metrics (issue #15, item 6) ──────────────────────────────────────────────────────────

    /// <summary>SMB message commands refused because the recipient is no name of ours (ERRSRV/ERRmsgoff or STATUS_REQUEST_NOT_ACCEPTED; <c>refusedRecipient</c> in status).</summary>
    public long UnknownRecipient => Interlocked.Read(ref _unknownRecipient);

    public void CountUnknownRecipient() => Interlocked.Increment(ref _unknownRecipient);
}
