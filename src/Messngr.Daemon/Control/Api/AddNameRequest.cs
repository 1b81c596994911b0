namespace Messngr.Daemon.Control.Api;

/// <summary>The body of <c>POST /v1/names</c>: <c>{"name":"ALICE"}</c>.</summary>
internal sealed record AddNameRequest(string? Name);
