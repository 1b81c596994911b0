namespace Messngr.Daemon.Native;

/// <summary>How a node came to be trusted (the <c>source</c> of a trust entry).</summary>
internal enum TrustSource
{
    /// <summary>An admin ran <c>messngr trust add</c>.</summary>
    Manual,

    /// <summary>Pinned on its first connection because <c>trust on first use = yes</c>.</summary>
    Tofu,

    /// <summary>Its certificate was signed by the workgroup CA (<c>trust ca</c>); pinned with the name it claimed.</summary>
    Ca,
}
