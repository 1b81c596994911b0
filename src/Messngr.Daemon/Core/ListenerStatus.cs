namespace Messngr.Daemon.Core;

/// <summary>What one listener is doing: bound, or why not (issue: "reported clearly in status and the log").</summary>
internal sealed record ListenerStatus(string Name, string Protocol, string EndPoint, bool Bound, string? Error);
