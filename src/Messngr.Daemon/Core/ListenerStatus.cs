namespace Messngr.Daemon.Core;

/// <summary>What one listener is doing: bound, or why not (issue: "reported clearly in status and the log").</summary>
internal sealed record ListenerStatus(string Name, string Protocol, string EndPoint, bool Bound, string? Error)
{
    /// <summary>Bound, in use by another process, permission denied … (issue #12, item 1).</summary>
    public ListenerState State { get; init; } = Bound ? ListenerState.Bound : ListenerState.NotStarted;

    /// <summary>When <see cref="State"/> is <see cref="ListenerState.InUse"/>: who holds the port (<c>nmbd (pid 42)</c>), if it could be found.</summary>
    public string? Owner { get; init; }
}
