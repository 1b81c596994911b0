namespace Messngr.Daemon.Control.Api;

/// <summary>
/// The body of <c>GET /v1/status</c> (<c>messngr status</c>). <see cref="StoreState"/> is
/// <c>ok</c> or <c>failing</c>, with the reason (disk full, corrupt) and since when.
/// <see cref="StateDirectory"/> is the absolute state directory (issue #12, item 3); <see cref="NodeId"/> the node's
/// id (issue #13, item 2).
/// </summary>
internal sealed record StatusDto(
    string NetBiosName,
    string Workgroup,
    DateTimeOffset StartedAt,
    IReadOnlyList<NameDto> Names,
    IReadOnlyList<ListenerDto> Listeners,
    IReadOnlyDictionary<string, long> Counters,
    string RunningAs,
    string StoreState = "ok",
    string? StoreDetail = null,
    DateTimeOffset? StoreFailingSince = null,
    string? StateDirectory = null,
    string? NodeId = null);
