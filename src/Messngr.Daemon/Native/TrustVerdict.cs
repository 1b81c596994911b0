namespace Messngr.Daemon.Native;

/// <summary>What <see cref="TrustPolicy.Decide"/> says about a peer's certificate.</summary>
internal enum TrustVerdict
{
    /// <summary>Pinned (manual or on first use) or signed by the workgroup CA: <see cref="TrustDecision.Source"/> says which.</summary>
    Trusted,

    /// <summary>Neither pinned nor signed by the CA, and trust on first use is off (the default): refused.</summary>
    Unknown,

    /// <summary>The name the peer claims is pinned to another node id (SSH's "REMOTE HOST IDENTIFICATION HAS CHANGED"): refused.</summary>
    Changed,

    /// <summary>The certificate's notAfter is past, beyond the allowed clock skew: refused.</summary>
    Expired,

    /// <summary>The certificate's notBefore is ahead, beyond the allowed clock skew: refused.</summary>
    NotYetValid,
}
