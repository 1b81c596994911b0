namespace Messngr.Daemon.Control.Api;

/// <summary>
/// One row of <c>GET /v1/peers</c> (issue #13, item 5): node id (null for a static peer not heard
/// from), its short form, the names it announced that are not pinned to another node, address and
/// port, when last heard, how known (<c>announced</c>, <c>static</c> or <c>both</c>) and whether the
/// trust list holds its id.
/// </summary>
internal sealed record PeerDto(string? NodeId, string? Short, IReadOnlyList<string> Names, string Address, int Port, DateTimeOffset? LastSeen, string Source, bool Trusted);
