using Messngr.Daemon.Control;
using Messngr.Daemon.Control.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Web;

/// <summary>
/// The control socket's web endpoints (issue #14, item 2; <c>messngr web</c>), each for the
/// caller's own uid from SO_PEERCRED — nobody can ask for another user's token, root included:
/// <code>
/// GET  /v1/web        → WebAccessDto: the caller's URL and token (made on first use)
/// POST /v1/web/token  → WebAccessDto with a new token; the old one stops working at once
/// </code>
/// 503 <c>web-off</c> when <c>web listen = off</c> or the listener could not bind.
/// </summary>
internal static class WebTokenEndpoints
{
    public const string Path = "/v1/web";
    public const string NewTokenPath = "/v1/web/token";

    public static async Task HandleAsync(HttpContext context, WebAccess? web, string path, uint uid, ILogger logger)
    {
        var expected = path == NewTokenPath ? "POST" : "GET";
        if (context.Request.Method != expected)
        {
            context.Response.Headers.Allow = expected;
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, ControlErrors.MethodNotAllowed, $"{context.Request.Method} is not allowed here (allowed: {expected})").ConfigureAwait(false);
            return;
        }

        if (web is null || !web.Serving)
        {
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, ControlErrors.WebOff,
                web is null ? "the web page is off (web listen = off)" : $"the web listener on {web.Endpoint} is not serving; see the daemon's log").ConfigureAwait(false);
            return;
        }

        var rotate = path == NewTokenPath;
        var token = rotate ? web.Tokens.Rotate(uid) : web.Tokens.GetOrCreate(uid);
        WebLog.TokenHandedOut(logger, uid, rotate);
        context.Response.Headers.CacheControl = "no-store";
        await ControlRequestHandler.WriteJsonAsync(context, StatusCodes.Status200OK, new WebAccessDto(web.UrlFor(token), token), ControlJsonContext.Default.WebAccessDto).ConfigureAwait(false);
    }
}
