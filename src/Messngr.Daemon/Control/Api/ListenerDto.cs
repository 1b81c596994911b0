namespace Messngr.Daemon.Control.Api;

/// <summary>One listener in <c>GET /v1/status</c>: bound, or why not.</summary>
internal sealed record ListenerDto(string Name, string Protocol, string EndPoint, bool Bound, string? Error);
