using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Messngr.Daemon.Native;

/// <summary>
/// The <see cref="ITlsPeerVerifier"/> of a running node (issue #13, items 3 and 4): every TLS peer,
/// accepted or connected to, is judged by the node's <see cref="TrustPolicy"/> — unknown, changed,
/// expired and not-yet-valid keys are refused with the policy's reason, which the policy has
/// already logged at warning. When we connect to a node id (the target host is one), the peer's
/// certificate must also be that node's: a trusted node answering for another is refused.
/// </summary>
internal sealed class TrustPeerVerifier(TrustPolicy policy, string? claimedName = null) : ITlsPeerVerifier
{
    /// <summary>The same policy, judging a peer we connect to that we expect to own <paramref name="name"/> (its pin is checked: SSH's changed-key refusal).</summary>
    public TrustPeerVerifier ForName(string? name) => new(policy, name);

    public TlsPeerVerdict Verify(X509Certificate2 certificate, IPEndPoint remote, TlsRole role, string? targetHost)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var decision = policy.Decide(certificate, role == TlsRole.Client ? claimedName : null);
        if (!decision.IsTrusted)
        {
            return TlsPeerVerdict.Refuse(decision.Reason);
        }

        if (role == TlsRole.Client && NodeId.TryParse(targetHost, out var expected) && !expected.Equals(decision.PeerId))
        {
            return TlsPeerVerdict.Refuse($"we connected to node {expected} but node {decision.PeerId} answered");
        }

        return TlsPeerVerdict.Accept(decision.Reason);
    }
}
