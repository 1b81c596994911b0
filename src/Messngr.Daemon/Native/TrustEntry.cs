namespace Messngr.Daemon.Native;

/// <summary>
/// One trusted node: its id, an optional NetBIOS name it is known by (upper-case; a later peer
/// that claims this name with another id is refused as "changed"), when and by whom it was added.
/// </summary>
internal sealed record TrustEntry(NodeId Id, string? Name, DateTimeOffset AddedAt, uint? AddedByUid, TrustSource Source);
