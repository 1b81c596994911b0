namespace Messngr.Daemon.Control.Api;

/// <summary>
/// The body of <c>GET /v1/web</c> and <c>POST /v1/web/token</c> (<c>messngr web</c>): the caller's
/// page URL with the token in its fragment, and the token alone.
/// </summary>
internal sealed record WebAccessDto(string Url, string Token);
