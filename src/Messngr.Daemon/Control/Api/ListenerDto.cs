namespace Messngr.Daemon.Control.Api;

/// <summary>
/// One listener in <c>GET /v1/status</c>: bound, or why not. <see cref="State"/> is <c>bound</c>,
/// <c>in use</c> (another process holds the port; <see cref="Owner"/> names it when known),
/// <c>permission denied</c>, <c>failed</c> or <c>not started</c>.
/// </summary>
internal sealed record ListenerDto(string Name, string Protocol, string EndPoint, bool Bound, string? Error, string State = "bound", string? Owner = null);
