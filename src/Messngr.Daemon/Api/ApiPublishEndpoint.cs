using System.Text.Json;
using Messngr.Daemon.Control;
using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Sending;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Api;

/// <summary>
/// <c>POST /v1/messages</c> (issue #15, item 1; anchor: ntfy's HTTP publish):
/// <code>
/// {recipients?, text, title?, priority?, expires?, correlationKey?, close?}
///   → 200 AnySendDto {results: [...]} every recipient tried; 202 when one is queued (native store-and-forward)
///     400 malformed or unknown field, 403 a recipient outside the token's --send-to, 413 body too large,
///     415 not application/json, 422 no recipients and no 'alert names', 429 busy, 503 no send engine
/// </code>
/// Nothing is sent unless the whole request is good: every recipient is parsed and checked against
/// the token's scope first. The send is <c>POST /v1/send/any</c>'s (<see cref="DaemonSendStack"/>
/// with <see cref="DaemonNativeRoute"/>) as the token's owner: native to trusted nodes, which carry
/// the priority, expiry and correlation key; classic otherwise (text only). The sender name is the
/// owner's login name, never a field of the body.
/// </summary>
internal sealed class ApiPublishEndpoint
{
    public const string Path = "/v1/messages";

    private readonly IDaemonControl _control;
    private readonly Func<IReadOnlyList<string>> _alertNames;
    private readonly Core.DaemonLimits _limits;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly TimeProvider _time;

    /// <param name="alertNames">The <c>alert names</c> now (read per request: SIGHUP may change them).</param>
    public ApiPublishEndpoint(IDaemonControl control, Func<IReadOnlyList<string>> alertNames, Core.DaemonLimits limits, ILogger logger, CancellationToken stopping, TimeProvider? time = null)
    {
        _control = control;
        _alertNames = alertNames;
        _limits = limits;
        _logger = logger;
        _stopping = stopping;
        _time = time ?? TimeProvider.System;
    }

    public async Task PublishAsync(HttpContext context, ApiCaller caller)
    {
        if (!JsonMediaType.Is(context.Request.ContentType))
        {
            await ApiRequestHandler.ErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, ControlErrors.UnsupportedMediaType, "the body must be application/json").ConfigureAwait(false);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = _limits.MaxApiRequestBytes;
        }

        ApiMessageRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(context.Request.Body, ApiJsonContext.Default.ApiMessageRequest, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await ApiRequestHandler.ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, ControlErrors.TooLarge, $"the body is larger than {_limits.MaxApiRequestBytes} bytes").ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is JsonException or BadHttpRequestException)
        {
            var where = ex is JsonException { Path: { Length: > 0 } p } ? $" (at {Display.TerminalText.SingleLine(p)})" : string.Empty;
            await Invalid(context, $"the body is not a message{where}: JSON {{\"recipients\":[\"NAME\"],\"text\":\"…\",\"title\":\"…\",\"priority\":\"high\",\"expires\":3600,\"correlationKey\":\"KEY\",\"close\":false}}, no other fields").ConfigureAwait(false);
            return;
        }

        if (body is null)
        {
            await Invalid(context, "the body must be a JSON object").ConfigureAwait(false);
            return;
        }

        var recipients = body.Recipients is { Count: > 0 } given ? given : _alertNames();
        if (recipients.Count == 0)
        {
            await ApiRequestHandler.ErrorAsync(context, StatusCodes.Status422UnprocessableEntity, ControlErrors.NoRecipients, "no recipients given and this daemon has no 'alert names'").ConfigureAwait(false);
            return;
        }

        if (recipients.Count > _limits.MaxApiRecipients)
        {
            await Invalid(context, $"at most {_limits.MaxApiRecipients} recipients").ConfigureAwait(false);
            return;
        }

        if (ApiMessage.TryCreate(body, recipients, _time.GetUtcNow(), out var message) is { } problem)
        {
            await Invalid(context, problem).ConfigureAwait(false);
            return;
        }

        if (message.Recipients.FirstOrDefault(r => !caller.MayReach(r.Text)) is { } outside)
        {
            var shown = Display.TerminalText.SingleLine(outside.Text.Trim());
            ApiLog.OutOfScope(_logger, caller.TokenName, caller.Uid, shown);
            await ApiRequestHandler.ErrorAsync(context, StatusCodes.Status403Forbidden, ControlErrors.Forbidden, $"token {caller.TokenName} may not send to {shown}; nothing was sent").ConfigureAwait(false);
            return;
        }

        await SendAsync(context, caller, message).ConfigureAwait(false);
    }

    private async Task SendAsync(HttpContext context, ApiCaller caller, ApiMessage message)
    {
        if (_control.SendStack is not { } stack)
        {
            await ApiRequestHandler.ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, ControlErrors.SendOff, "this daemon has no send engine").ConfigureAwait(false);
            return;
        }

        var uid = caller.Uid;
        // The one per-uid cap of every daemon-side send (PerUserSendSlots), not one of this endpoint's own.
        if (stack.Slots.TryEnter(uid) is not { } slot)
        {
            await ApiRequestHandler.ErrorAsync(context, StatusCodes.Status429TooManyRequests, ControlErrors.Busy,
                $"this user has {stack.Slots.Max} sends under way already; wait for their results").ConfigureAwait(false);
            return;
        }

        try
        {
            var user = _control.UserName(uid);
            var native = new DaemonNativeRoute(_control, uid, user, message.Priority, null, _limits, _stopping, message.ExpiresInSeconds, message.CorrelationKey);
            // The daemon's token: a client that goes away does not cut a send short (each is bounded by its timeout).
            var results = await stack.SendAsUserAsync(user, native, message.Recipients, message.Text, _stopping).ConfigureAwait(false);
            ApiLog.Published(_logger, caller.TokenName, uid, results.Count);
            var status = results.Any(r => r.Outcome == SendOutcome.Queued) ? StatusCodes.Status202Accepted : StatusCodes.Status200OK;
            await ControlRequestHandler.WriteJsonAsync(context, status, new AnySendDto([.. results.Select(ControlAnySendEndpoints.ToDto)]), ControlJsonContext.Default.AnySendDto).ConfigureAwait(false);
        }
        finally
        {
            slot.Dispose();
        }
    }

    private static Task Invalid(HttpContext context, string message) => ApiRequestHandler.ErrorAsync(context, StatusCodes.Status400BadRequest, ControlErrors.Invalid, message);
}
