using System.Collections.Concurrent;
using Messngr.Daemon.Control;
using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Web;

/// <summary>
/// The web listener's requests (issue #14, item 2). Every answer carries the strict headers
/// (<see cref="WebHeaders"/>); a Host header other than the listener's own address is refused
/// (421) before anything else, so a DNS-rebound hostile page cannot talk to it. The API needs
/// <c>Authorization: Bearer TOKEN</c> (never a cookie, so another site cannot make the browser
/// send it: no CSRF; no CORS headers, so no other origin reads an answer); the token names one uid
/// and the request is then served by the control API's own handler as that uid, with the control
/// socket's authorisation (<see cref="ControlAuthorization"/>) — nothing is copied:
/// <code>
/// GET  /, /app.css, /app.js        → the page (WebAssets), no token needed
/// GET  /api/v1/history?limit=N     → [MessageDto] the inbox, newest first (readAt: unread when null)
/// POST /api/v1/messages/{seq}/read → MessageDto with its text; records the read receipt
/// POST /api/v1/messages/{seq}/reply → as POST /v1/messages/{seq}/reply: the page's Reply, as the token's uid
/// POST /api/v1/send                → as POST /v1/send, sent as the token's uid
/// POST /api/v1/send/any            → as POST /v1/send/any: compose and reply, native or classic, as the token's uid
/// GET  /api/v1/sent, /api/v1/sent/{id} → SentDto with receipt states
/// GET|POST /api/v1/names, DELETE /api/v1/names/{name} → as 'messngr name'
/// GET|PUT /api/v1/quiet            → the token's uid's do-not-disturb and quiet hours (as 'messngr dnd', 'quiet-hours')
/// GET  /api/v1/events              → text/event-stream: the uid's new messages (GET /v1/listen?display=web)
/// </code>
/// Other control endpoints (status, trust, peers, id) are not offered to the page.
/// Requests that stay open — the event stream and <c>GET /api/v1/sent/{id}?wait=</c> — count
/// against <see cref="DaemonLimits.MaxWebStreamsPerUser"/> for the token's uid (429 beyond), so
/// one local user cannot hold every one of the listener's <see cref="DaemonLimits.MaxWebConnections"/>
/// and lock the others out; unauthenticated connections are bounded by Kestrel's header and
/// keep-alive timeouts (<see cref="DaemonLimits.WebHeadersTimeout"/>, set in <see cref="WebServer"/>).
/// </summary>
internal sealed class WebRequestHandler
{
    public const string ApiPrefix = "/api";
    public const string EventsPath = "/api/v1/events";

    private readonly WebAccess _web;
    private readonly ControlRequestHandler _control;
    private readonly IDaemonControl _daemon;
    private readonly Sinks.DisplayedReceipts? _displayed;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly DaemonLimits _limits;

    /// <summary>Open streams (and sent-waits) of each uid.</summary>
    private readonly ConcurrentDictionary<uint, int> _streams = new();

    public WebRequestHandler(WebAccess web, ControlRequestHandler control, IDaemonControl daemon, Sinks.DisplayedReceipts? displayed, ILogger logger, CancellationToken stopping, DaemonLimits? limits = null)
    {
        _limits = limits ?? DaemonLimits.Default;
        _web = web;
        _control = control;
        _daemon = daemon;
        _displayed = displayed;
        _logger = logger;
        _stopping = stopping;
    }

    public async Task HandleAsync(HttpContext context)
    {
        WebHeaders.Apply(context.Response);
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (!_web.IsAllowedHost(request.Host.Value))
        {
            WebLog.WrongHost(_logger, request.Method, Display.TerminalText.SingleLine(path), Display.TerminalText.SingleLine(request.Host.Value ?? string.Empty));
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status421MisdirectedRequest, ControlErrors.WrongHost,
                $"this page answers only as {_web.Origin} or http://localhost:{_web.BoundPort}").ConfigureAwait(false);
            return;
        }

        if (!path.StartsWith(ApiPrefix + "/", StringComparison.Ordinal))
        {
            await ServeFileAsync(context, path).ConfigureAwait(false);
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        if (!TryAuthenticate(request, out var uid))
        {
            WebLog.Unauthorized(_logger, request.Method, Display.TerminalText.SingleLine(path));
            context.Response.Headers.WWWAuthenticate = "Bearer";
            context.Response.Headers.Connection = "close"; // a connection without a token keeps no slot
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status401Unauthorized, ControlErrors.Unauthorized,
                "a valid token is needed (Authorization: Bearer TOKEN); 'messngr web' prints your page's URL").ConfigureAwait(false);
            return;
        }

        var stays = path == EventsPath || (path.StartsWith(ApiPrefix + ControlSendEndpoints.SentPrefix, StringComparison.Ordinal) && request.Query.ContainsKey("wait"));
        if (!stays)
        {
            await ServeApiAsync(context, path, uid).ConfigureAwait(false);
            return;
        }

        if (_streams.AddOrUpdate(uid, 1, (_, n) => n + 1) > _limits.MaxWebStreamsPerUser)
        {
            EndStream(uid);
            context.Response.Headers.Connection = "close"; // a refused request keeps no slot either
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, ControlErrors.Busy,
                $"this user has {_limits.MaxWebStreamsPerUser} pages or waits open already; close one").ConfigureAwait(false);
            return;
        }

        try
        {
            await ServeApiAsync(context, path, uid).ConfigureAwait(false);
        }
        finally
        {
            EndStream(uid);
        }
    }

    private void EndStream(uint uid)
    {
        _streams.AddOrUpdate(uid, 0, (_, n) => n - 1);
        _streams.TryRemove(new KeyValuePair<uint, int>(uid, 0));
    }

    /// <summary>An authenticated API request of <paramref name="uid"/>: the event stream, or an offered control endpoint.</summary>
    private async Task ServeApiAsync(HttpContext context, string path, uint uid)
    {
        var request = context.Request;
        if (path == EventsPath)
        {
            if (request.Method != "GET")
            {
                context.Response.Headers.Allow = "GET";
                await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, ControlErrors.MethodNotAllowed, $"{request.Method} is not allowed here (allowed: GET)").ConfigureAwait(false);
                return;
            }

            // The display subscription of issue #14 (common brief): quiet hours hold messages back from it.
            request.QueryString = new QueryString("?display=web");
            await ControlListenStream.RunAsync(context, _daemon, uid, _logger, _stopping, _displayed, serverSentEvents: true).ConfigureAwait(false);
            return;
        }

        var controlPath = path[ApiPrefix.Length..];
        if (!IsOffered(controlPath))
        {
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status404NotFound, ControlErrors.NotFound, $"no endpoint {path}").ConfigureAwait(false);
            return;
        }

        request.Path = controlPath;
        await _control.HandleForUidAsync(context, uid).ConfigureAwait(false);
    }

    /// <summary>The page's own files (no token needed: they hold no data); GET and HEAD only.</summary>
    private static async Task ServeFileAsync(HttpContext context, string path)
    {
        if (!WebAssets.TryGet(path, out var contentType, out var bytes))
        {
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status404NotFound, ControlErrors.NotFound, $"no page {path}").ConfigureAwait(false);
            return;
        }

        if (context.Request.Method is not ("GET" or "HEAD"))
        {
            context.Response.Headers.Allow = "GET, HEAD";
            await ControlRequestHandler.WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, ControlErrors.MethodNotAllowed, $"{context.Request.Method} is not allowed here (allowed: GET, HEAD)").ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = bytes.Length;
        context.Response.Headers.CacheControl = "no-cache";
        if (context.Request.Method == "GET")
        {
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>The control endpoints the page may use (and nothing else of the control API).</summary>
    public static bool IsOffered(string controlPath) =>
        controlPath is "/v1/names" or "/v1/history" or "/v1/send" or ControlAnySendEndpoints.Path or "/v1/sent" or ControlQuietEndpoints.Path ||
        (controlPath.StartsWith("/v1/names/", StringComparison.Ordinal) && controlPath.Length > "/v1/names/".Length) ||
        (controlPath.StartsWith(ControlSendEndpoints.SentPrefix, StringComparison.Ordinal) && controlPath.Length > ControlSendEndpoints.SentPrefix.Length) ||
        ControlReadEndpoints.TryMatch(controlPath, out _) || ControlReplyEndpoint.TryMatch(controlPath, out _);

    private bool TryAuthenticate(HttpRequest request, out uint uid)
    {
        uid = uint.MaxValue;
        var header = request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return _web.Tokens.TryFindUid(value["Bearer ".Length..].Trim(), out uid);
    }
}
