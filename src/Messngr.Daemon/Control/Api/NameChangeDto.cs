namespace Messngr.Daemon.Control.Api;

/// <summary>The answer to a successful <c>POST /v1/names</c> or <c>DELETE /v1/names/{name}</c>.</summary>
internal sealed record NameChangeDto(string Name, string Message);
