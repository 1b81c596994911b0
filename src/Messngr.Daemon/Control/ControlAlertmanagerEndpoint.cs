using Messngr.Daemon.Alertmanager;
using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Core;
using Messngr.Daemon.Sending;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Control;

/// <summary>
/// Prometheus Alertmanager's webhook receiver (issue #15, item 2; prometheus.io
/// docs/alerting/latest/configuration/#webhook_config, payload version 4):
/// <code>
/// POST /v1/alertmanager  (Content-Type: application/json; an AlertmanagerPayload)
///   → 200 AnySendDto  one message per recipient of the route, all sent
///     400 not JSON, a field of the wrong type, version other than "4", bad status, no groupKey or alerts
///     403 a recipient the caller may not reach (a scoped token of the HTTP API)
///     413 body over DaemonLimits.AlertmanagerMaxRequestBytes, or more than AlertmanagerMaxAlerts alerts
///     415 not application/json
///     422 no 'alertmanager route' matches and no 'alert names': nothing sent
///     429 busy;  502 no recipient reached (Alertmanager retries a 5xx);  503 no send engine
/// </code>
/// Everything is checked (body, version, routing, every recipient) before anything is sent, so a
/// refused notification leaves nothing half-sent. The messages go through the daemon's one send
/// engine as the caller (<see cref="DaemonNativeRoute"/>, <see cref="MessageSender"/>): natively with
/// the severity's priority and a correlation key from the group key, so the resolved message
/// replaces the firing one at a messngr receiver; classic recipients get the text only.
/// </summary>
internal sealed class ControlAlertmanagerEndpoint
{
    public const string Path = "/v1/alertmanager";

    private readonly IDaemonControl _control;
    private readonly DaemonLimits _limits;
    private readonly CancellationToken _stopping;
    private readonly ILogger _logger;

    public ControlAlertmanagerEndpoint(IDaemonControl control, DaemonLimits limits, CancellationToken stopping, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _control = control;
        _limits = limits;
        _stopping = stopping;
    }

    /// <summary>
    /// One notification from <paramref name="uid"/>. <paramref name="mayReach"/> (the HTTP API's
    /// token scope) is asked for each recipient before anything is sent; null: every recipient.
    /// </summary>
    public async Task HandleAsync(HttpContext context, uint uid, Func<string, bool>? mayReach)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_control.SendStack is not { } stack)
        {
            await Error(context, StatusCodes.Status503ServiceUnavailable, ControlErrors.SendOff, "this daemon has no send engine").ConfigureAwait(false);
            return;
        }

        if (!JsonMediaType.Is(context.Request.ContentType))
        {
            await Refuse(context, uid, StatusCodes.Status415UnsupportedMediaType, ControlErrors.UnsupportedMediaType, "the body must be application/json (an Alertmanager webhook payload)").ConfigureAwait(false);
            return;
        }

        if (await ReadBodyAsync(context).ConfigureAwait(false) is not { } body)
        {
            await Refuse(context, uid, StatusCodes.Status413PayloadTooLarge, ControlErrors.TooLarge, $"the body is larger than {_limits.AlertmanagerMaxRequestBytes} bytes (set max_alerts in the webhook_config)").ConfigureAwait(false);
            return;
        }

        if (AlertmanagerPayloadReader.Read(body, _limits, out var status, out var problem) is not { } payload)
        {
            await Refuse(context, uid, status, status == StatusCodes.Status413PayloadTooLarge ? ControlErrors.TooLarge : ControlErrors.Invalid, problem).ConfigureAwait(false);
            return;
        }

        if (AlertmanagerNotification.Plan(payload, _control.AlertmanagerRouting, _limits, out problem) is not { } notification)
        {
            await Refuse(context, uid, StatusCodes.Status422UnprocessableEntity, ControlErrors.NoRoute, problem).ConfigureAwait(false);
            return;
        }

        if (mayReach is not null && notification.Recipients.FirstOrDefault(r => !mayReach(r.Text.Trim())) is { } outside)
        {
            await Refuse(context, uid, StatusCodes.Status403Forbidden, ControlErrors.Forbidden, $"your token may not send to {Display.TerminalText.SingleLine(outside.Text)}; nothing was sent").ConfigureAwait(false);
            return;
        }

        // The one per-uid cap of every daemon-side send (PerUserSendSlots), not one of this endpoint's own.
        if (stack.Slots.TryEnter(uid) is not { } slot)
        {
            await Error(context, StatusCodes.Status429TooManyRequests, ControlErrors.Busy, $"you have {stack.Slots.Max} sends under way already").ConfigureAwait(false);
            return;
        }

        try
        {
            var user = _control.UserName(uid);
            var native = new DaemonNativeRoute(_control, uid, user, PriorityText.Format(notification.Priority), null, _limits, _stopping, correlationKey: notification.CorrelationKey);
            // The daemon's token: Alertmanager's timeout does not cut a send short (each is bounded by its own).
            var results = await stack.SendAsUserAsync(user, native, notification.Recipients, notification.Text, _stopping).ConfigureAwait(false);
            var dto = new AnySendDto([.. results.Select(ControlAnySendEndpoints.ToDto)]);
            var reached = results.Count(r => r.Succeeded || r.Outcome == SendOutcome.Queued);
            AlertmanagerLog.Sent(_logger, payload.Status!, notification.CorrelationKey, payload.Alerts!.Count, uid, results.Count, reached);
            await ControlRequestHandler.WriteJsonAsync(context, reached > 0 ? StatusCodes.Status200OK : StatusCodes.Status502BadGateway, dto, ControlJsonContext.Default.AnySendDto).ConfigureAwait(false);
        }
        finally
        {
            slot.Dispose();
        }
    }

    /// <summary>The whole body, or null when it is larger than the limit (declared or read; nothing beyond the limit is buffered).</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        var max = _limits.AlertmanagerMaxRequestBytes;
        if (context.Request.ContentLength > max)
        {
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = max;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > max)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }

    /// <summary>A refused notification: logged (nothing was sent) and answered.</summary>
    private Task Refuse(HttpContext context, uint uid, int status, string error, string message)
    {
        AlertmanagerLog.Refused(_logger, uid, status, message);
        return Error(context, status, error, message);
    }

    private static Task Error(HttpContext context, int status, string error, string message) =>
        ControlRequestHandler.WriteErrorAsync(context, status, error, message);
}
