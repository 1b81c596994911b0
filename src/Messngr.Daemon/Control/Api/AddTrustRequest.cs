namespace Messngr.Daemon.Control.Api;

/// <summary>The body of <c>POST /v1/trust</c>: <c>{"nodeId":"…","name":"BOB"}</c> (name optional).</summary>
internal sealed record AddTrustRequest(string? NodeId, string? Name = null);
