namespace Messngr.Daemon.Native;

/// <summary>What <see cref="TrustStore.Add"/> did.</summary>
internal enum TrustChangeOutcome
{
    Added,

    /// <summary>The node id is already trusted (remove it first to rename it).</summary>
    AlreadyTrusted,

    /// <summary>The name belongs to another trusted node.</summary>
    NameTaken,

    /// <summary>The store holds its maximum of entries.</summary>
    Full,
}
