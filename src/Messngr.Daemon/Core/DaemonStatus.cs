namespace Messngr.Daemon.Core;

/// <summary>The answer to <c>messngr status</c>.</summary>
internal sealed record DaemonStatus(
    string NetBiosName,
    string Workgroup,
    DateTimeOffset StartedAt,
    IReadOnlyList<NameInfo> Names,
    IReadOnlyList<ListenerStatus> Listeners,
    IReadOnlyDictionary<string, long> Counters)
{
    /// <summary>The account the daemon runs as (after the privilege drop when started as root).</summary>
    public string RunningAs { get; init; } = string.Empty;

    /// <summary>Whether the message store is committing, and if not why (disk full, corrupt).</summary>
    public StoreHealth Store { get; init; } = StoreHealth.Healthy;

    /// <summary>The absolute state directory (database, lock, control socket; issue #12, item 3).</summary>
    public string? StateDirectory { get; init; }

    /// <summary>This node's id (issue #13, item 2), as shown by <c>messngr id</c>.</summary>
    public string? NodeId { get; init; }
}
