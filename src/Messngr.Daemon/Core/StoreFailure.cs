namespace Messngr.Daemon.Core;

/// <summary>Why the store cannot be used, as <c>messngr serve</c>'s exit code tells it (issue #12, item 5).</summary>
internal enum StoreFailure
{
    /// <summary>The database is corrupt, not a database, or from a newer messngr (exit 70).</summary>
    Unusable,

    /// <summary>The state directory cannot be created or written by this user (exit 77).</summary>
    Permission,

    /// <summary>The state directory given is not a directory, e.g. a regular file (exit 78).</summary>
    Configuration,
}
