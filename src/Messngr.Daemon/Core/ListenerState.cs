namespace Messngr.Daemon.Core;

/// <summary>What became of one listener's bind (issue #12, item 1): <c>messngr status</c> shows it.</summary>
internal enum ListenerState
{
    NotStarted,

    Bound,

    /// <summary>EADDRINUSE: another process (nmbd, smbd, a second messngr) holds the port; messngr never shares one.</summary>
    InUse,

    /// <summary>EACCES: a port below 1024 without root or CAP_NET_BIND_SERVICE.</summary>
    PermissionDenied,

    /// <summary>Any other bind failure (an address not on this host).</summary>
    Failed,
}
