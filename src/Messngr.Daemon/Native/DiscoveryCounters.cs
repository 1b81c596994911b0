namespace Messngr.Daemon.Native;

/// <summary>Discovery datagrams accepted and rejected (by <see cref="DiscoveryRejection"/>), shown by <c>messngr status</c>. Thread-safe.</summary>
internal sealed class DiscoveryCounters
{
    private readonly long[] _rejected = new long[Enum.GetValues<DiscoveryRejection>().Length];
    private long _accepted;
    private long _probes;

    public long AnnouncementsAccepted => Interlocked.Read(ref _accepted);

    public long ProbesReceived => Interlocked.Read(ref _probes);

    public long Rejected(DiscoveryRejection reason) => Interlocked.Read(ref _rejected[(int)reason]);

    /// <summary>Rejections by reason, keyed by the reason's camel-case name (for status JSON).</summary>
    public IReadOnlyDictionary<string, long> RejectedByReason() =>
        Enum.GetValues<DiscoveryRejection>().ToDictionary(Name, Rejected, StringComparer.Ordinal);

    /// <summary>
    /// The status counters: <c>announcementsAccepted</c>, <c>probesReceived</c>,
    /// <c>announcementsRejected</c> (the sum) and <c>announcementsRejected.REASON</c> per reason.
    /// </summary>
    public IEnumerable<KeyValuePair<string, long>> Snapshot()
    {
        yield return new("announcementsAccepted", AnnouncementsAccepted);
        yield return new("probesReceived", ProbesReceived);
        var byReason = RejectedByReason();
        yield return new("announcementsRejected", byReason.Values.Sum());
        foreach (var (reason, count) in byReason)
        {
            yield return new($"announcementsRejected.{reason}", count);
        }
    }

    public void Accept() => Interlocked.Increment(ref _accepted);

    public void Probe() => Interlocked.Increment(ref _probes);

    public void Reject(DiscoveryRejection reason) => Interlocked.Increment(ref _rejected[(int)reason]);

    public static string Name(DiscoveryRejection reason) => reason switch
    {
        DiscoveryRejection.Malformed => "malformed",
        DiscoveryRejection.Timestamp => "timestamp",
        DiscoveryRejection.Replay => "replay",
        DiscoveryRejection.Certificate => "certificate",
        DiscoveryRejection.Signature => "signature",
        DiscoveryRejection.RateLimited => "rateLimited",
        DiscoveryRejection.TableFull => "tableFull",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
