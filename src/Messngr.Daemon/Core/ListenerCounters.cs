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
    };

    public void CountReceived() => Interlocked.Increment(ref _received);

    public void CountMalformed() => Interlocked.Increment(ref _malformed);

    public void CountIgnored() => Interlocked.Increment(ref _ignored);

    public void CountAccepted() => Interlocked.Increment(ref _accepted);

    public void CountDropped() => Interlocked.Increment(ref _dropped);
}
