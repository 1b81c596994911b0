using System.Collections.Concurrent;
using Messngr.Daemon.Control;
using Messngr.Daemon.Control.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Api;

/// <summary>
/// The HTTP API's requests (issue #15, item 1; docs/openapi.json). Every route but the OpenAPI
/// document needs <c>Authorization: Bearer SECRET</c> of a token (<see cref="ApiTokens"/>); the
/// request then acts as the token's owner uid, authorised as a control socket caller with that uid:
/// <code>
/// GET  /openapi.json, /v1/openapi.json → the OpenAPI 3.1 document (no token needed: it holds no data)
/// POST /v1/messages                    → publish (<see cref="ApiPublishEndpoint"/>)
/// GET  /v1/messages/{id}               → SentDto: a sent message's receipt states (as 'messngr sent ID'; 404 for another uid's)
/// GET  /v1/stream                      → text/event-stream: the owner's incoming messages (as 'messngr listen')
/// POST /v1/alertmanager                → the Alertmanager receiver (issue #15, item 2; ControlAlertmanagerEndpoint), as the owner, within the token's scope
/// anything else                        → 404
/// </code>
/// Errors are always <c>{"error":CODE,"message":TEXT}</c>. Bounded: at most
/// <see cref="Core.DaemonLimits.MaxApiRequestsInFlight"/> requests at once (429 beyond, checked before
/// the token, so a flood costs no hashing), <see cref="Core.DaemonLimits.MaxApiStreamsPerToken"/> open
/// streams per token; Kestrel's limits are set in <see cref="ApiServer"/>. A revoked token is refused
/// at once and its open streams end (<see cref="ApiCaller.Revoked"/>).
/// </summary>
internal sealed class ApiRequestHandler
{
    public const string StreamPath = "/v1/stream";
    public const string OpenApiPath = "/openapi.json";
    public const string VersionedOpenApiPath = "/v1/openapi.json";
    public const string SentPrefix = "/v1/messages/";

    /// <summary>Every method and path the handler serves, for the test that holds docs/openapi.json to it.</summary>
    public static readonly IReadOnlyList<(string Method, string Path)> Routes =
    [
        ("GET", OpenApiPath),
        ("GET", VersionedOpenApiPath),
        ("POST", ApiPublishEndpoint.Path),
        ("GET", SentPrefix + "{id}"),
        ("GET", StreamPath),
        ("POST", ControlAlertmanagerEndpoint.Path),
    ];

    private readonly IDaemonControl _control;
    private readonly ApiTokens _tokens;
    private readonly ApiPublishEndpoint _publish;
    private readonly ControlRequestHandler _controlHandler;
    private readonly Core.DaemonLimits _limits;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly ConcurrentDictionary<(uint, string), int> _streams = new();
    private int _inFlight;

    public ApiRequestHandler(IDaemonControl control, ApiTokens tokens, Func<IReadOnlyList<string>> alertNames, ILogger logger, CancellationToken stopping, Core.DaemonLimits? limits = null)
    {
        _control = control;
        _tokens = tokens;
        _limits = limits ?? Core.DaemonLimits.Default;
        _logger = logger;
        _stopping = stopping;
        _publish = new ApiPublishEndpoint(control, alertNames, _limits, logger, stopping);
        _controlHandler = new ControlRequestHandler(control, logger, stopping, null, _limits);
    }

    public async Task HandleAsync(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (Interlocked.Increment(ref _inFlight) > _limits.MaxApiRequestsInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            ApiLog.Busy(_logger, request.Method, Display.TerminalText.SingleLine(path), _limits.MaxApiRequestsInFlight);
            context.Response.Headers.Connection = "close";
            context.Response.Headers.RetryAfter = "1";
            await ErrorAsync(context, StatusCodes.Status429TooManyRequests, ControlErrors.Busy, $"{_limits.MaxApiRequestsInFlight} requests are under way already; retry later").ConfigureAwait(false);
            return;
        }

        try
        {
            await RouteAsync(context, request.Method, path).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || _stopping.IsCancellationRequested)
        {
            // the client went away or the daemon is stopping
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ApiLog.Failed(_logger, request.Method, Display.TerminalText.SingleLine(path), uint.MaxValue, ex);
            if (!context.Response.HasStarted)
            {
                await ErrorAsync(context, StatusCodes.Status500InternalServerError, ControlErrors.Internal, "the daemon failed to handle the request; see its log").ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task RouteAsync(HttpContext context, string method, string path)
    {
        if (path is OpenApiPath or VersionedOpenApiPath)
        {
            await (method is "GET" or "HEAD" ? ApiOpenApiDocument.WriteAsync(context) : MethodNotAllowedAsync(context, "GET, HEAD")).ConfigureAwait(false);
            return;
        }

        if (!TryAuthenticate(context.Request, out var caller))
        {
            ApiLog.Unauthorized(_logger, method, Display.TerminalText.SingleLine(path));
            context.Response.Headers.WWWAuthenticate = "Bearer";
            context.Response.Headers.Connection = "close"; // a connection without a token keeps no slot
            await ErrorAsync(context, StatusCodes.Status401Unauthorized, ControlErrors.Unauthorized,
                "a valid token is needed (Authorization: Bearer SECRET); make one with 'messngr token add --name NAME'").ConfigureAwait(false);
            return;
        }

        if (path == ApiPublishEndpoint.Path)
        {
            await (method == "POST" ? _publish.PublishAsync(context, caller) : MethodNotAllowedAsync(context, "POST")).ConfigureAwait(false);
        }
        else if (path.StartsWith(SentPrefix, StringComparison.Ordinal) && path.Length > SentPrefix.Length && !path[SentPrefix.Length..].Contains('/', StringComparison.Ordinal))
        {
            if (method != "GET")
            {
                await MethodNotAllowedAsync(context, "GET").ConfigureAwait(false);
                return;
            }

            // 'messngr sent ID' as the token's owner: another uid's message answers 404. No ?wait here.
            context.Request.QueryString = QueryString.Empty;
            context.Request.Path = ControlSendEndpoints.SentPrefix + path[SentPrefix.Length..];
            await _controlHandler.HandleForUidAsync(context, caller.Uid).ConfigureAwait(false);
        }
        else if (path == StreamPath)
        {
            await (method == "GET" ? StreamAsync(context, caller) : MethodNotAllowedAsync(context, "GET")).ConfigureAwait(false);
        }
        else if (path == ControlAlertmanagerEndpoint.Path)
        {
            // Alertmanager's webhook_config with the token as its bearer credentials: routed and sent as the owner, only where the token may send.
            await (method == "POST" ? _controlHandler.Alertmanager.HandleAsync(context, caller.Uid, caller.MayReach) : MethodNotAllowedAsync(context, "POST")).ConfigureAwait(false);
        }
        else
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, ControlErrors.NotFound, $"no endpoint {Display.TerminalText.SingleLine(path)} (see /openapi.json)").ConfigureAwait(false);
        }
    }

    /// <summary>The owner's new messages as server-sent events (the web page's stream, without a display: nothing is marked displayed).</summary>
    private async Task StreamAsync(HttpContext context, ApiCaller caller)
    {
        var key = (caller.Uid, caller.TokenName);
        if (_streams.AddOrUpdate(key, 1, (_, n) => n + 1) > _limits.MaxApiStreamsPerToken)
        {
            EndStream(key);
            context.Response.Headers.Connection = "close";
            await ErrorAsync(context, StatusCodes.Status429TooManyRequests, ControlErrors.Busy, $"token {caller.TokenName} has {_limits.MaxApiStreamsPerToken} streams open already; close one").ConfigureAwait(false);
            return;
        }

        try
        {
            using var ends = CancellationTokenSource.CreateLinkedTokenSource(_stopping, caller.Revoked);
            context.Request.QueryString = QueryString.Empty;
            await ControlListenStream.RunAsync(context, _control, caller.Uid, _logger, ends.Token, null, _limits, serverSentEvents: true).ConfigureAwait(false);
        }
        finally
        {
            EndStream(key);
        }
    }

    private void EndStream((uint, string) key)
    {
        _streams.AddOrUpdate(key, 0, (_, n) => n - 1);
        _streams.TryRemove(new KeyValuePair<(uint, string), int>(key, 0));
    }

    private bool TryAuthenticate(HttpRequest request, out ApiCaller caller)
    {
        caller = null!;
        var header = request.Headers.Authorization;
        return header.Count == 1 && header[0] is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) &&
               _tokens.TryResolve(value["Bearer ".Length..].Trim(), out caller);
    }

    private static Task MethodNotAllowedAsync(HttpContext context, string allow)
    {
        context.Response.Headers.Allow = allow;
        return ErrorAsync(context, StatusCodes.Status405MethodNotAllowed, ControlErrors.MethodNotAllowed, $"{context.Request.Method} is not allowed here (allowed: {allow})");
    }

    /// <summary>The one error shape of the API: <c>{"error":CODE,"message":TEXT}</c>.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string error, string message) => ControlRequestHandler.WriteErrorAsync(context, status, error, message);
}
