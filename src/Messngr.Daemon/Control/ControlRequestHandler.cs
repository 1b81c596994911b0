using System.Globalization;
using System.Text.Json;
using Messngr.Daemon.Control.Api;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Control;

/// <summary>
/// The control API's endpoints (version 1), dispatched by method and path without the routing
/// middleware (nothing reflective, nothing to trim):
/// <code>
/// GET    /v1/names              → [NameDto]
/// POST   /v1/names  {name}      → 201 NameChangeDto
/// DELETE /v1/names/{name}       → 200 NameChangeDto
/// GET    /v1/history?limit=N&amp;all=true → [MessageDto], newest first (1 ≤ N ≤ 1000, default 100;
///                                 all: also messages a later one with the same correlation key replaced)
/// GET    /v1/listen             → application/x-ndjson: one MessageDto a line, flushed per message
///                                 (?display=NAME: a display's stream, held while the caller is quiet)
/// POST   /v1/messages/{id or seq}/read → MessageDto with its text: the caller opened it (ControlReadEndpoints)
/// POST   /v1/messages/{id or seq}/displayed → MessageDto: the caller's display (the agent) shows it (ControlDisplayedEndpoints)
/// POST   /v1/messages/{id or seq}/reply {text, priority?} → AnySendDto: the caller's message answered, to the
///                                 recipient the daemon works out, as /v1/send/any sends (<see cref="ControlReplyEndpoint"/>)
/// GET    /v1/status             → StatusDto
/// GET    /v1/id                 → NodeIdDto (anyone: the id is public)
/// GET    /v1/trust              → [TrustEntryDto] (anyone)
/// GET    /v1/peers              → [PeerDto] (anyone: what the LAN announces is public)
/// POST   /v1/trust  {nodeId, name?} → 201 TrustEntryDto (root or the daemon's user)
/// DELETE /v1/trust/{id or name} → 200 TrustEntryDto (root or the daemon's user)
/// GET    /v1/quiet, PUT /v1/quiet {dnd?, until?, quietHours?} → QuietDto: the caller's own (ControlQuietEndpoints)
/// POST   /v1/send, GET /v1/sent, GET /v1/sent/{id} → <see cref="ControlSendEndpoints"/> (as the caller)
/// POST   /v1/send/any {recipient, text, priority?, replyTo?} or {alert: true, text, priority?} or {integration, args, environment?}
///                                 → AnySendDto: sent like 'messngr send' (or 'messngr alert', 'messngr INTEGRATION ARGS'),
///                                 native or classic, as the caller (<see cref="ControlAnySendEndpoints"/>)
/// POST   /v1/alertmanager {Alertmanager webhook payload v4} → AnySendDto: routed by labels, sent as the
///                                 caller (<see cref="ControlAlertmanagerEndpoint"/>, issue #15, item 2)
/// GET    /v1/web, POST /v1/web/token → the caller's web page URL and token (<see cref="Web.WebTokenEndpoints"/>)
/// GET|POST /v1/tokens, DELETE /v1/tokens/{name} → the caller's HTTP API tokens (<see cref="Messngr.Daemon.Api.ApiTokenEndpoints"/>)
/// </code>
/// Errors are <see cref="ErrorDto"/> with 400, 403, 404, 405, 409 or 500. Every request is
/// refused (403) unless the caller's uid is known from SO_PEERCRED.
/// </summary>
internal sealed class ControlRequestHandler
{
    public const int DefaultHistoryLimit = 100;
    public const int MaxHistoryLimit = 1000;

    /// <summary>NetBIOS names are 15 bytes plus the suffix (RFC 1001 §14.1); the daemon checks the rest.</summary>

    public const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>Content type of <c>GET /v1/listen</c>: newline-delimited JSON.</summary>
    public const string ListenContentType = "application/x-ndjson; charset=utf-8";

    private readonly IDaemonControl _control;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly Sinks.DisplayedReceipts? _displayed;
    private readonly ControlSendEndpoints _send;
    private readonly ControlAnySendEndpoints _anySend;
    private readonly ControlAlertmanagerEndpoint _alertmanager;
    private readonly DaemonLimits _limits;
    private readonly Web.WebAccess? _web;

    public ControlRequestHandler(IDaemonControl control, ILogger logger, CancellationToken stopping, Sinks.DisplayedReceipts? displayed = null, DaemonLimits? limits = null, Web.WebAccess? web = null)
    {
        _web = web;
        _control = control;
        _logger = logger;
        _stopping = stopping;
        _displayed = displayed;
        _limits = limits ?? DaemonLimits.Default;
        _send = new ControlSendEndpoints(control, _limits, stopping);
        _anySend = new ControlAnySendEndpoints(control, _limits, stopping);
        _alertmanager = new ControlAlertmanagerEndpoint(control, _limits, stopping, logger);
    }

    /// <summary>The Alertmanager receiver, for a listener that serves it with its own authorisation (the HTTP API's token scope).</summary>
    public ControlAlertmanagerEndpoint Alertmanager => _alertmanager;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var method = request.Method;
        var path = request.Path.Value ?? "/";
        if (!TryGetCallerUid(context, out var uid))
        {
            ControlLog.NoCredentials(_logger, method, path);
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, ControlErrors.Forbidden, "the caller's credentials (SO_PEERCRED) are unavailable").ConfigureAwait(false);
            return;
        }

        await HandleForUidAsync(context, uid).ConfigureAwait(false);
    }

    /// <summary>
    /// Serves one request as <paramref name="uid"/>, authorised exactly as a control socket caller
    /// with that uid: the web listener's route after its token named the uid (issue #14, item 2).
    /// </summary>
    public async Task HandleForUidAsync(HttpContext context, uint uid)
    {
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        try
        {
            await DispatchAsync(context, method, path, uid).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || _stopping.IsCancellationRequested)
        {
            // the client went away or the daemon is stopping
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ControlLog.RequestFailed(_logger, method, path, uid, ex);
            if (!context.Response.HasStarted)
            {
                await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, ControlErrors.Internal, "the daemon failed to handle the request; see its log").ConfigureAwait(false);
            }
        }
    }

    private Task DispatchAsync(HttpContext context, string method, string path, uint uid)
    {
        const string namesPrefix = "/v1/names/";
        return path switch
        {
            "/v1/names" => method switch
            {
                "GET" => WriteJsonAsync(context, StatusCodes.Status200OK, ControlDtoMapper.ToDto(_control.ListNames()), ControlJsonContext.Default.IReadOnlyListNameDto),
                "POST" => AddNameAsync(context, uid),
                _ => MethodNotAllowedAsync(context, "GET, POST"),
            },
            _ when path.StartsWith(namesPrefix, StringComparison.Ordinal) && path.Length > namesPrefix.Length => method switch
            {
                // Kestrel has already percent-decoded the path (all but %2F, which no NetBIOS name holds).
                "DELETE" => DeleteNameAsync(context, path[namesPrefix.Length..], uid),
                _ => MethodNotAllowedAsync(context, "DELETE"),
            },
            "/v1/history" => method == "GET" ? HistoryAsync(context, uid) : MethodNotAllowedAsync(context, "GET"),
            "/v1/listen" => method == "GET" ? ControlListenStream.RunAsync(context, _control, uid, _logger, _stopping, _displayed, _limits) : MethodNotAllowedAsync(context, "GET"),
            "/v1/status" => method == "GET"
                ? WriteJsonAsync(context, StatusCodes.Status200OK, ControlDtoMapper.ToDto(_control.Status()), ControlJsonContext.Default.StatusDto)
                : MethodNotAllowedAsync(context, "GET"),
            "/v1/id" => method == "GET" ? ControlTrustEndpoints.IdAsync(context, _control) : MethodNotAllowedAsync(context, "GET"),
            "/v1/peers" => method == "GET" ? ControlPeerEndpoints.ListAsync(context, _control) : MethodNotAllowedAsync(context, "GET"),
            "/v1/trust" => method switch
            {
                "GET" => ControlTrustEndpoints.ListAsync(context, _control),
                "POST" => ControlTrustEndpoints.AddAsync(context, _control, uid, _logger),
                _ => MethodNotAllowedAsync(context, "GET, POST"),
            },
            _ when ControlReadEndpoints.TryMatch(path, out var messageKey) => method switch
            {
                "POST" => ControlReadEndpoints.ReadAsync(context, _control, messageKey, uid, _logger),
                _ => MethodNotAllowedAsync(context, "POST"),
            },
            _ when ControlReplyEndpoint.TryMatch(path, out var replyKey) => method == "POST"
                ? ControlReplyEndpoint.ReplyAsync(context, _control, _anySend, replyKey, uid)
                : MethodNotAllowedAsync(context, "POST"),
            _ when ControlDisplayedEndpoints.TryMatch(path, out var shownKey) => method switch
            {
                "POST" => ControlDisplayedEndpoints.DisplayedAsync(context, _control, shownKey, uid, _logger),
                _ => MethodNotAllowedAsync(context, "POST"),
            },
            _ when path.StartsWith(ControlTrustEndpoints.Prefix, StringComparison.Ordinal) && path.Length > ControlTrustEndpoints.Prefix.Length => method switch
            {
                "DELETE" => ControlTrustEndpoints.RemoveAsync(context, _control, path[ControlTrustEndpoints.Prefix.Length..], uid, _logger),
                _ => MethodNotAllowedAsync(context, "DELETE"),
            },
            ControlQuietEndpoints.Path => method switch
            {
                "GET" => ControlQuietEndpoints.GetAsync(context, _control, uid),
                "PUT" => ControlQuietEndpoints.PutAsync(context, _control, uid, _logger),
                _ => MethodNotAllowedAsync(context, "GET, PUT"),
            },
            "/v1/send" => method == "POST" ? _send.SendAsync(context, uid) : MethodNotAllowedAsync(context, "POST"),
            ControlAnySendEndpoints.Path => method == "POST" ? _anySend.SendAsync(context, uid) : MethodNotAllowedAsync(context, "POST"),
            _ when Messngr.Daemon.Api.ApiTokenEndpoints.Matches(path) => Messngr.Daemon.Api.ApiTokenEndpoints.HandleAsync(context, _control, path, uid),
            ControlAlertmanagerEndpoint.Path => method == "POST" ? _alertmanager.HandleAsync(context, uid, mayReach: null) : MethodNotAllowedAsync(context, "POST"),
            Web.WebTokenEndpoints.Path or Web.WebTokenEndpoints.NewTokenPath => Web.WebTokenEndpoints.HandleAsync(context, _web, path, uid, _logger),
            "/v1/sent" => method == "GET" ? _send.ListAsync(context, uid) : MethodNotAllowedAsync(context, "GET"),
            _ when path.StartsWith(ControlSendEndpoints.SentPrefix, StringComparison.Ordinal) && path.Length > ControlSendEndpoints.SentPrefix.Length =>
                method == "GET" ? _send.OneAsync(context, path[ControlSendEndpoints.SentPrefix.Length..], uid) : MethodNotAllowedAsync(context, "GET"),
            _ => WriteErrorAsync(context, StatusCodes.Status404NotFound, ControlErrors.NotFound, $"no endpoint {path} (this daemon speaks /v1/names, /v1/history, /v1/listen, /v1/messages/ID/read, /v1/messages/ID/displayed, /v1/messages/ID/reply, /v1/status, /v1/id, /v1/trust, /v1/peers, /v1/send, /v1/send/any, /v1/sent, /v1/quiet, /v1/web)"),
        };
    }

    private async Task AddNameAsync(HttpContext context, uint uid)
    {
        AddNameRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(context.Request.Body, ControlJsonContext.Default.AddNameRequest, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, ControlErrors.Invalid, "the body must be JSON: {\"name\":\"NAME\"}").ConfigureAwait(false);
            return;
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex)
        {
            await WriteErrorAsync(context, ex.StatusCode, ControlErrors.Invalid, "the request body is too large").ConfigureAwait(false);
            return;
        }

        var name = body?.Name?.Trim() ?? string.Empty;
        // The one rule of send, serve and 'messngr name' (issue #12, item 10): any client may write here.
        if (Names.NetBiosNameRule.Validate(name, string.Empty) is { } broken)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, ControlErrors.Invalid, broken).ConfigureAwait(false);
            return;
        }

        var result = await _control.AddNameAsync(name, uid, context.RequestAborted).ConfigureAwait(false);
        ControlLog.NameChanged(_logger, uid, "add", name, result.Outcome);
        await WriteChangeAsync(context, name, result, StatusCodes.Status201Created).ConfigureAwait(false);
    }

    private async Task DeleteNameAsync(HttpContext context, string name, uint uid)
    {
        name = name.Trim();
        if (Names.NetBiosNameRule.Validate(name, string.Empty) is { } broken)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, ControlErrors.Invalid, broken).ConfigureAwait(false);
            return;
        }

        foreach (var entry in _control.ListNames())
        {
            if (entry.Suffix == 0x03 && string.Equals(entry.Name, name, StringComparison.OrdinalIgnoreCase) &&
                !ControlAuthorization.MayDeleteName(entry, uid, out var reason))
            {
                ControlLog.Forbidden(_logger, "DELETE", context.Request.Path.Value ?? string.Empty, uid, reason);
                await WriteErrorAsync(context, StatusCodes.Status403Forbidden, ControlErrors.Forbidden, reason).ConfigureAwait(false);
                return;
            }
        }

        var result = await _control.DeleteNameAsync(name, uid, context.RequestAborted).ConfigureAwait(false);
        ControlLog.NameChanged(_logger, uid, "delete", name, result.Outcome);
        await WriteChangeAsync(context, name, result, StatusCodes.Status200OK).ConfigureAwait(false);
    }

    private async Task HistoryAsync(HttpContext context, uint uid)
    {
        var limit = DefaultHistoryLimit;
        if (context.Request.Query.TryGetValue("limit", out var values))
        {
            if (values.Count != 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxHistoryLimit)
            {
                await WriteErrorAsync(context, StatusCodes.Status400BadRequest, ControlErrors.Invalid, $"limit must be a number from 1 to {MaxHistoryLimit}").ConfigureAwait(false);
                return;
            }
        }

        var all = false;
        if (context.Request.Query.TryGetValue("all", out var allValues))
        {
            if (allValues.Count != 1 || allValues[0] is not ("true" or "false" or "1" or "0"))
            {
                await WriteErrorAsync(context, StatusCodes.Status400BadRequest, ControlErrors.Invalid, "all must be true or false").ConfigureAwait(false);
                return;
            }

            all = allValues[0] is "true" or "1";
        }

        IReadOnlyList<StoredMessage> history;
        try
        {
            history = _control.History(uid, limit, all);
        }
        catch (StoreException ex)
        {
            await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, ControlErrors.StoreFailing, ex.Message).ConfigureAwait(false);
            return;
        }

        var messages = history
            .Where(m => ControlAuthorization.MayReadMessage(m.Message, uid))
            .Take(limit)
            .Select(ControlDtoMapper.ToDto)
            .ToList();
        await WriteJsonAsync(context, StatusCodes.Status200OK, messages, ControlJsonContext.Default.IReadOnlyListMessageDto).ConfigureAwait(false);
    }

    private static Task WriteChangeAsync(HttpContext context, string name, NameChangeResult result, int okStatus)
    {
        var (status, error) = result.Outcome switch
        {
            NameChangeOutcome.Ok => (okStatus, null),
            NameChangeOutcome.AlreadyExists => (StatusCodes.Status409Conflict, ControlErrors.Exists),
            NameChangeOutcome.Conflict => (StatusCodes.Status409Conflict, ControlErrors.Conflict),
            NameChangeOutcome.NotFound => (StatusCodes.Status404NotFound, ControlErrors.NotFound),
            NameChangeOutcome.Forbidden => (StatusCodes.Status403Forbidden, ControlErrors.Forbidden),
            NameChangeOutcome.Invalid => (StatusCodes.Status400BadRequest, ControlErrors.Invalid),
            _ => (StatusCodes.Status500InternalServerError, ControlErrors.Internal),
        };
        return error is null
            ? WriteJsonAsync(context, status, new NameChangeDto(name, result.Message), ControlJsonContext.Default.NameChangeDto)
            : WriteErrorAsync(context, status, error, result.Message);
    }

    private static Task MethodNotAllowedAsync(HttpContext context, string allow)
    {
        context.Response.Headers.Allow = allow;
        return WriteErrorAsync(context, StatusCodes.Status405MethodNotAllowed, ControlErrors.MethodNotAllowed, $"{context.Request.Method} is not allowed here (allowed: {allow})");
    }

    public static Task WriteErrorAsync(HttpContext context, int status, string error, string message) =>
        WriteJsonAsync(context, status, new ErrorDto(error, message), ControlJsonContext.Default.ErrorDto);

    internal static async Task WriteJsonAsync<T>(HttpContext context, int status, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        await JsonSerializer.SerializeAsync(context.Response.Body, value, typeInfo, context.RequestAborted).ConfigureAwait(false);
    }

    private static bool TryGetCallerUid(HttpContext context, out uint uid)
    {
        uid = uint.MaxValue;
        var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
        if (socket is null || !PeerCredentials.TryGet(socket, out var credentials))
        {
            return false;
        }

        uid = credentials.Uid;
        return true;
    }
}
