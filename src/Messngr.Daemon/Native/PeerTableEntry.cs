namespace Messngr.Daemon.Native;

/// <summary>
/// One row of the <see cref="PeerTable"/>. <see cref="Id"/> is null for a static peer not yet
/// heard from; <see cref="Names"/> holds only names not pinned to another node; <see cref="Trusted"/>
/// says whether the node id is in the trust list (an untrusted node's names are listed, never bound).
/// </summary>
internal sealed record PeerTableEntry(NodeId? Id, IReadOnlyList<string> Names, string Address, ushort Port, DateTimeOffset? LastSeen, PeerTableSource Source, bool Trusted);
