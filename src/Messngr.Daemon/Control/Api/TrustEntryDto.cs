namespace Messngr.Daemon.Control.Api;

/// <summary>
/// One trusted node in <c>GET /v1/trust</c> and the answer to a trust change: its id, short id,
/// name (or null), when and by which uid it was added (null: not by a person), and its source
/// (<c>manual</c>, <c>tofu</c> or <c>ca</c>).
/// </summary>
internal sealed record TrustEntryDto(string NodeId, string Short, string? Name, DateTimeOffset AddedAt, uint? AddedByUid, string Source);
