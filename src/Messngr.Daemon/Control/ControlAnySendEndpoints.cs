using System.Text.Json;
using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Core;
using Messngr.Daemon.Sending;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Messngr.Daemon.Control;

/// <summary>
/// Sending like <c>messngr send</c> through the daemon (issue #14, item 2: the web page composes to
/// a name, <c>*</c>, <c>/domain</c>, <c>/users</c> and answers classic messages):
/// <code>
/// POST /v1/send/any {recipient, text, priority?, replyTo?} → 200 AnySendDto {results: [AnySendResultDto]}
/// POST /v1/send/any {alert: true, text, priority?}       → the same, one result per name of 'alert names'
/// POST /v1/send/any {integration, args, environment?}    → the same, what 'messngr INTEGRATION ARGS' sends (<see cref="ControlIntegrationSend"/>)
///                                                          400 bad body, 429 busy, 503 send-off
/// </code>
/// One recipient (a <c>*</c> or <c>/domain</c> is one broadcast result); the route is the CLI's:
/// natively when a trusted node of the daemon's peer table takes the name (or a port is given:
/// <see cref="DaemonNativeRoute"/>), else classic SMB, RPC fallback or mailslot through the one
/// <see cref="MessageSender"/>. The daemon sends AS THE CALLER: the sender name is the caller's
/// login name from the uid (cut to 15 characters as <c>messngr send</c> cuts <c>$USER</c>), never
/// a field of the body. Bounded: the body (<see cref="DaemonLimits.MaxAnySendRequestBytes"/>), the
/// text (<c>messngr send</c>'s 64 Ki characters; each transport's own limit then refuses what it
/// cannot carry, never cut), and at most <see cref="DaemonLimits.MaxAnySendsInFlightPerUser"/>
/// sends of one uid at once, counted with every other daemon-side send of that uid
/// (<see cref="PerUserSendSlots"/>; 429 beyond). <c>@FILE</c> is refused: the daemon reads no files for a caller.
/// </summary>
internal sealed class ControlAnySendEndpoints
{
    public const string Path = "/v1/send/any";

    /// <summary>The text limit of <c>messngr send</c> (SendCommand.MaxTextCharacters).</summary>
    public const int MaxTextCharacters = 64 * 1024;

    /// <summary>An alert's priority unless the body names one, as <c>messngr alert</c> sends (carried natively only).</summary>
    private const string AlertPriority = "high";

    private const string Shape = "the body must be JSON: {\"recipient\":\"NAME|NAME@HOST|ADDRESS|*|/domain[:WG]|/users\",\"text\":\"…\",\"priority\":\"normal\",\"replyTo\":\"ID\"} or, to the alert names, {\"alert\":true,\"text\":\"…\"}, or {\"integration\":\"upsmon-notify|clamav-event|media-script\",\"args\":[\"…\"],\"environment\":{\"NAME\":\"…\"}}";

    private readonly IDaemonControl _control;
    private readonly DaemonLimits _limits;
    private readonly CancellationToken _stopping;

    public ControlAnySendEndpoints(IDaemonControl control, DaemonLimits limits, CancellationToken stopping)
    {
        _control = control;
        _limits = limits;
        _stopping = stopping;
    }

    public async Task SendAsync(HttpContext context, uint uid)
    {
        if (_control.SendStack is null)
        {
            await Error(context, StatusCodes.Status503ServiceUnavailable, ControlErrors.SendOff, "this daemon has no send engine").ConfigureAwait(false);
            return;
        }

        LimitBody(context);
        AnySendRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(context.Request.Body, ControlJsonContext.Default.AnySendRequest, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or BadHttpRequestException)
        {
            await BodyErrorAsync(context, ex, Shape).ConfigureAwait(false);
            return;
        }

        if (ControlIntegrationSend.Is(body))
        {
            if (ControlIntegrationSend.Check(body!, _control.AlertmanagerRouting.AlertNames, _limits.AlertNamesMax, out var send) is { } wrong)
            {
                await Invalid(context, wrong).ConfigureAwait(false);
                return;
            }

            await SendAsAsync(context, uid, send.Recipients, send.Text, send.Priority, null, send.CorrelationKey).ConfigureAwait(false);
            return;
        }

        if (Check(body, _control.AlertmanagerRouting.AlertNames, out var recipients, out var text) is { } problem)
        {
            await Invalid(context, problem).ConfigureAwait(false);
            return;
        }

        var priority = body!.Priority ?? (body.Alert == true ? AlertPriority : null);
        await SendAsAsync(context, uid, recipients, text, priority, body.ReplyTo is { Length: > 0 } r ? r : null).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends <paramref name="text"/> (checked) to <paramref name="recipient"/> as <paramref name="uid"/>
    /// and answers the <see cref="AnySendDto"/>; 429 beyond the per-uid cap. The one send of
    /// <c>POST /v1/send/any</c> and <c>POST /v1/messages/{id}/reply</c> (<see cref="ControlReplyEndpoint"/>).
    /// <paramref name="correlationKey"/> (an integration's): carried natively only, as Alertmanager's.
    /// </summary>
    internal async Task SendAsAsync(HttpContext context, uint uid, IReadOnlyList<Recipient> recipients, string text, string? priority, string? replyTo, string? correlationKey = null)
    {
        if (_control.SendStack is not { } stack)
        {
            await Error(context, StatusCodes.Status503ServiceUnavailable, ControlErrors.SendOff, "this daemon has no send engine").ConfigureAwait(false);
            return;
        }

        if (stack.Slots.TryEnter(uid) is not { } slot)
        {
            await Error(context, StatusCodes.Status429TooManyRequests, ControlErrors.Busy,
                $"you have {stack.Slots.Max} sends under way already; wait for their results").ConfigureAwait(false);
            return;
        }

        try
        {
            var user = _control.UserName(uid);
            var native = new DaemonNativeRoute(_control, uid, user, priority, replyTo, _limits, _stopping, correlationKey: correlationKey);
            // The daemon's token: a page that closes does not cut a send short (each is bounded by its timeout).
            var results = await stack.SendAsUserAsync(user, native, recipients, text, _stopping).ConfigureAwait(false);
            if (WantsText(context.Request))
            {
                // messngr-send relays messngr send's own lines and exit code (issue #15, item 8).
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(SendResultText.Render(results), _stopping).ConfigureAwait(false);
                return;
            }

            await ControlRequestHandler.WriteJsonAsync(context, StatusCodes.Status200OK, new AnySendDto([.. results.Select(ToDto)]), ControlJsonContext.Default.AnySendDto).ConfigureAwait(false);
        }
        finally
        {
            slot.Dispose();
        }
    }

    /// <summary>A client that asks for text (<c>Accept: text/plain</c>) rather than JSON: <see cref="SendResultText"/>.</summary>
    private static bool WantsText(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("text/plain", StringComparison.OrdinalIgnoreCase));

    /// <summary>Bounds the request body (<see cref="DaemonLimits.MaxAnySendRequestBytes"/>) before it is read.</summary>
    internal void LimitBody(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = _limits.MaxAnySendRequestBytes;
        }
    }

    /// <summary>The 400 or 413 of a body that is no JSON or too large.</summary>
    internal Task BodyErrorAsync(HttpContext context, Exception ex, string shape) => ex is BadHttpRequestException bad
        ? Error(context, bad.StatusCode, ControlErrors.Invalid, $"the request body is larger than {_limits.MaxAnySendRequestBytes} bytes")
        : Invalid(context, shape);

    /// <summary>
    /// What is wrong with a text and priority; null when they can be sent. The text as
    /// <c>messngr send</c> takes it: CR LF and CR become LF, trailing line breaks go.
    /// </summary>
    internal static string? CheckText(string? raw, string? priority, out string text)
    {
        text = (raw ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimEnd('\n');
        if (text.Length > MaxTextCharacters)
        {
            return $"the text has more than {MaxTextCharacters} characters";
        }

        if (text.Trim().Length == 0)
        {
            return "the text is empty";
        }

        return priority is not null && !PriorityText.TryParse(priority, out _) ? "priority must be low, normal, high or critical" : null;
    }

    /// <summary>
    /// What is wrong with the body; null when it can be sent. An alert (<c>alert: true</c>, no
    /// recipient) goes to <paramref name="alertNames"/>, the daemon's <c>alert names</c> as of now (they reload on SIGHUP).
    /// </summary>
    private static string? Check(AnySendRequest? body, IReadOnlyList<string> alertNames, out IReadOnlyList<Recipient> recipients, out string text)
    {
        recipients = [];
        text = string.Empty;
        if (body is null)
        {
            return "the body must be a JSON object";
        }

        var to = body.Recipient?.Trim() ?? string.Empty;
        if (body.Alert == true)
        {
            if (to.Length > 0)
            {
                return "an alert goes to the alert names: give no recipient";
            }

            if (alertNames.Count == 0)
            {
                return "no alert names: set 'alert names' in messngr.conf";
            }
        }
        else if (to.StartsWith('@'))
        {
            return "a recipient list (@FILE) is for 'messngr send' only; give one recipient";
        }

        var parsed = new List<Recipient>();
        foreach (var name in body.Alert == true ? alertNames : [to])
        {
            if (!RecipientParser.TryParse(name, out var recipient, out var error))
            {
                return body.Alert == true ? $"alert name {name}: {error}" : error;
            }

            parsed.Add(recipient);
        }

        recipients = parsed;
        if (CheckText(body.Text, body.Priority, out text) is { } problem)
        {
            return problem;
        }

        return body.ReplyTo is { Length: > 0 } reply && !MessageId.TryParse(reply, out _, out _) ? "replyTo must be a message id" : null;
    }

    internal static AnySendResultDto ToDto(RecipientResult result) => new(
        result.Recipient.Text.Trim(),
        OutcomeWord(result.Outcome),
        result.Succeeded,
        result.Transport?.Word(),
        result.Native?.Authenticated ?? false,
        result.To,
        result.Address?.ToString(),
        result.Detail,
        result.Native?.MessageId,
        result.Native?.State,
        result.Native?.NodeId,
        result.Native?.RetryUntil);

    /// <summary>The words of <c>messngr send --json</c>'s outcome field.</summary>
    public static string OutcomeWord(SendOutcome outcome) => outcome switch
    {
        SendOutcome.Delivered => "delivered",
        SendOutcome.AcceptedForBroadcast => "accepted-for-broadcast",
        SendOutcome.NameNotFound => "name-not-found",
        SendOutcome.Refused => "refused",
        SendOutcome.Unreachable => "unreachable",
        SendOutcome.TimedOut => "timed-out",
        SendOutcome.ProtocolError => "protocol-error",
        SendOutcome.Queued => "queued",
        SendOutcome.Expired => "expired",
        _ => "invalid",
    };

    private static Task Invalid(HttpContext context, string message) => Error(context, StatusCodes.Status400BadRequest, ControlErrors.Invalid, message);

    private static Task Error(HttpContext context, int status, string error, string message) =>
        ControlRequestHandler.WriteErrorAsync(context, status, error, message);
}
