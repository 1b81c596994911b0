namespace Messngr.Daemon.Control.Api;

/// <summary>The body of <c>GET /v1/status</c> (<c>messngr status</c>).</summary>
internal sealed record StatusDto(
    string NetBiosName,
    string Workgroup,
    DateTimeOffset StartedAt,
    IReadOnlyList<NameDto> Names,
    IReadOnlyList<ListenerDto> Listeners,
    IReadOnlyDictionary<string, long> Counters,
    string RunningAs);
