namespace Messngr.Daemon.Core;

/// <summary>Why <c>messngr serve</c> could not start (issue #12, items 1 and 2); each has its exit code.</summary>
internal enum StartFailure
{
    /// <summary>The ports or the state directory are held by another process (exit 73).</summary>
    InUse,

    /// <summary>Not one listener could bind for lack of privilege (exit 77).</summary>
    Permission,

    /// <summary>Not one listener could bind for another reason, e.g. an address not on this host (exit 78).</summary>
    Configuration,
}
