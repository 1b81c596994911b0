namespace Messngr.Daemon.Native;

/// <summary>
/// The verdict on one peer: its node id, why, and for <see cref="TrustVerdict.Changed"/> the id
/// the claimed name is pinned to. <see cref="NameVerified"/> is true when the name the peer
/// claims is the one pinned to its id (or to a CA-signed id it was first seen with).
/// </summary>
internal sealed record TrustDecision(TrustVerdict Verdict, NodeId PeerId, string Reason, TrustSource? Source = null, NodeId? PinnedId = null, bool NameVerified = false)
{
    public bool IsTrusted => Verdict == TrustVerdict.Trusted;
}
