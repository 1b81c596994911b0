using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Messngr.Daemon.Control;

/// <summary>
/// Native sending through the control socket (issue #13, item 8):
/// <code>
/// POST /v1/send {recipient, text, priority?, expiresInSeconds?, sealed?, correlationKey?, replyTo?}
///                                  → 200 NativeSendDto after the first attempt; 400, 429, 503
/// POST /v1/send {recipients: [..], text, …}  (at most DaemonLimits.MaxSendRecipients)
///                                  → 200 {results: [NativeSendDto]} in the request's order, all sent at once
/// GET  /v1/sent?limit=N            → [SentDto], newest first (1 ≤ N ≤ 1000, default 100)
/// GET  /v1/sent/{id}[?wait=stored|displayed|read&amp;timeout=S] → SentDto (after the wait); 404
/// </code>
/// The daemon sends AS THE CALLER: the sender is the caller's uid (SO_PEERCRED) and its login
/// name, never a field of the body. A user sees only their own sent messages (root all), and
/// another user's id answers 404, not 403, so its existence is not revealed
/// (<see cref="ControlAuthorization.MayReadSent"/>). One uid may have at most
/// <see cref="DaemonLimits.MaxWaitingPerUser"/> messages waiting (429 beyond), so it cannot fill
/// the shared outbox and block the others; every recipient of one request counts (issue #13, many).
/// </summary>
internal sealed class ControlSendEndpoints
{
    public const string SentPrefix = "/v1/sent/";

    public const int DefaultSentLimit = 100;
    public const int MaxSentLimit = 1000;

    private static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(5);

    private readonly IDaemonControl _control;
    private readonly DaemonLimits _limits;
    private readonly CancellationToken _stopping;

    /// <summary>
    /// Sends of each uid between the cap check and the end of the first attempt (they are not all in the outbox yet).
    /// Not <see cref="Sending.PerUserSendSlots"/>: this is the outbox cap (<see cref="DaemonLimits.MaxWaitingPerUser"/>,
    /// every recipient a message, waiting ones included), not a cap of sends under way; a native submit
    /// returns after one attempt bounded by the native timeout, and the outbox retries the rest.
    /// </summary>
    private readonly ConcurrentDictionary<uint, int> _inFlight = new();

    public ControlSendEndpoints(IDaemonControl control, DaemonLimits limits, CancellationToken stopping)
    {
        _control = control;
        _limits = limits;
        _stopping = stopping;
    }

    public async Task SendAsync(HttpContext context, uint uid)
    {
        if (_control.Delivery is not { } delivery)
        {
            await Error(context, StatusCodes.Status503ServiceUnavailable, ControlErrors.NativeOff, "the native transport is off on this daemon (native port = 0); send over the classic protocols instead").ConfigureAwait(false);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = _limits.MaxSendRequestBytes + ((long)_limits.MaxSendRecipients * _limits.MaxSendRecipientBytes);
        }

        NativeSendRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(context.Request.Body, ControlJsonContext.Default.NativeSendRequest, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            await Invalid(context, NativeSendBody.Shape).ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException ex)
        {
            await Error(context, ex.StatusCode, ControlErrors.Invalid, "the request body is too large").ConfigureAwait(false);
            return;
        }

        if (NativeSendBody.Build(body, _control.UserName(uid), uid, _limits, out var messages) is { } problem)
        {
            await Invalid(context, problem).ConfigureAwait(false);
            return;
        }

        // Every message of the request counts against the cap at once, before any reaches the outbox.
        var count = messages.Count;
        var pending = _inFlight.AddOrUpdate(uid, count, (_, n) => n + count);
        try
        {
            var waiting = _control.CountWaiting(uid);
            if (waiting + pending > _limits.MaxWaitingPerUser)
            {
                await Error(context, StatusCodes.Status429TooManyRequests, ControlErrors.TooMany, TooManyText(waiting, count)).ConfigureAwait(false);
                return;
            }

            // All at once, so that the outbox commits their enqueues together and the attempts overlap.
            // The daemon's token, not the request's: a client that goes away does not cut the attempts short.
            var attempts = new Task<NativeSubmitResult>[count];
            for (var i = 0; i < count; i++)
            {
                attempts[i] = SubmitAsync(delivery, messages[i], _stopping);
            }

            var results = await Task.WhenAll(attempts).ConfigureAwait(false);
            var dtos = new NativeSendDto[count];
            for (var i = 0; i < count; i++)
            {
                dtos[i] = ToDto(messages[i], results[i]);
            }

            await (body!.Recipients is null
                ? ControlRequestHandler.WriteJsonAsync(context, StatusCodes.Status200OK, dtos[0], ControlJsonContext.Default.NativeSendDto)
                : ControlRequestHandler.WriteJsonAsync(context, StatusCodes.Status200OK, new NativeSendBatchDto(dtos), ControlJsonContext.Default.NativeSendBatchDto)).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.AddOrUpdate(uid, 0, (_, n) => n - count);
            _inFlight.TryRemove(new KeyValuePair<uint, int>(uid, 0));
        }
    }

    /// <summary>One submit as a task of its own, so that one that throws at once does not stop the others from being started.</summary>
    private static async Task<NativeSubmitResult> SubmitAsync(INativeDelivery delivery, OutgoingMessage message, CancellationToken cancellationToken) =>
        await delivery.SubmitAsync(message, cancellationToken).ConfigureAwait(false);

    private string TooManyText(int waiting, int count) => count == 1
        ? $"you have {_limits.MaxWaitingPerUser} messages waiting in the outbox already; wait until they are delivered or expire (see 'messngr sent')"
        : $"you have {waiting} messages waiting in the outbox and may have {_limits.MaxWaitingPerUser}; these {count} recipients would pass that (nothing was sent); send to fewer, or wait until they are delivered or expire (see 'messngr sent')";

    private NativeSendDto ToDto(OutgoingMessage message, NativeSubmitResult result)
    {
        var state = Furthest(_control.SentReceipts(result.Id))
            ?? (result.Attempt.Outcome == NativeSendOutcome.Delivered ? ReceiptState.Stored : ReceiptState.Queued);
        var retryUntil = result.Queued ? _control.FindSent(result.Id)?.ExpiresAt : null;
        return new NativeSendDto(result.Id.ToString(), OutcomeWord(result.Attempt.Outcome), result.Queued, result.Attempt.NodeId, result.Attempt.Detail,
            ReceiptStateText.Format(state), message.Recipient, retryUntil);
    }

    public async Task ListAsync(HttpContext context, uint uid)
    {
        var limit = DefaultSentLimit;
        if (context.Request.Query.TryGetValue("limit", out var values) &&
            (values.Count != 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxSentLimit))
        {
            await Invalid(context, $"limit must be a number from 1 to {MaxSentLimit}").ConfigureAwait(false);
            return;
        }

        var sent = _control.Sent(uid == ControlAuthorization.RootUid ? null : uid, limit)
            .Where(m => ControlAuthorization.MayReadSent(m, uid))
            .Take(limit)
            .Select(ToDto)
            .ToList();
        await ControlRequestHandler.WriteJsonAsync(context, StatusCodes.Status200OK, sent, ControlJsonContext.Default.IReadOnlyListSentDto).ConfigureAwait(false);
    }

    public async Task OneAsync(HttpContext context, string idText, uint uid)
    {
        if (!MessageId.TryParse(idText, out var id, out _))
        {
            await Invalid(context, $"'{Display.TerminalText.SingleLine(idText)}' is not a message id (a UUID as 'messngr send' prints it)").ConfigureAwait(false);
            return;
        }

        if (_control.FindSent(id) is not { } message || !ControlAuthorization.MayReadSent(message, uid))
        {
            // Another user's message answers as if it did not exist.
            await Error(context, StatusCodes.Status404NotFound, ControlErrors.NotFound, $"you sent no message {id} (see 'messngr sent')").ConfigureAwait(false);
            return;
        }

        var query = context.Request.Query;
        if (query.ContainsKey("wait"))
        {
            if (!TryWaitArguments(query, out var state, out var timeout, out var problem))
            {
                await Invalid(context, problem).ConfigureAwait(false);
                return;
            }

            if (_control.Delivery is not { } delivery)
            {
                await Error(context, StatusCodes.Status503ServiceUnavailable, ControlErrors.NativeOff, "the native transport is off on this daemon (native port = 0); nothing moves a sent message on").ConfigureAwait(false);
                return;
            }

            // Ends at the timeout, when the daemon stops, or when the client goes (Kestrel cancels RequestAborted).
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
            bounded.CancelAfter(timeout);
            try
            {
                await delivery.WaitForAsync(id, state, bounded.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested && !_stopping.IsCancellationRequested)
            {
                // the timeout: answer the state reached so far; the client compares it with what it waited for
            }
        }

        await ControlRequestHandler.WriteJsonAsync(context, StatusCodes.Status200OK, ToDto(_control.FindSent(id) ?? message), ControlJsonContext.Default.SentDto).ConfigureAwait(false);
    }

    private bool TryWaitArguments(IQueryCollection query, out ReceiptState state, out TimeSpan timeout, out string problem)
    {
        state = ReceiptState.Stored;
        timeout = DefaultWait;
        problem = string.Empty;
        var wait = query["wait"];
        if (wait.Count != 1 || !ReceiptStateText.TryParse(wait[0], out state) || state is not (ReceiptState.Stored or ReceiptState.Displayed or ReceiptState.Read))
        {
            problem = "wait must be stored, displayed or read";
            return false;
        }

        if (query.TryGetValue("timeout", out var values))
        {
            if (values.Count != 1 || !double.TryParse(values[0], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > _limits.MaxSentWait.TotalSeconds)
            {
                problem = $"timeout must be a number of seconds above 0 and at most {_limits.MaxSentWait.TotalSeconds:0}";
                return false;
            }

            timeout = TimeSpan.FromSeconds(seconds);
        }

        return true;
    }

    private SentDto ToDto(OutgoingMessage message)
    {
        var receipts = _control.SentReceipts(message.Id);
        return new SentDto(
            message.Id.ToString(), message.Recipient, message.NodeId, message.FromUser, message.CreatedAt, message.ExpiresAt,
            ReceiptStateText.Format(Furthest(receipts) ?? ReceiptState.Queued),
            [.. receipts.Select(r => new ReceiptDto(ReceiptStateText.Format(r.State), r.At, r.Detail))],
            message.Attempts, message.LastError);
    }

    /// <summary>The furthest state reached: expired or failed if one ended the message, else the latest delivery state (as the store orders them).</summary>
    internal static ReceiptState? Furthest(IReadOnlyList<Receipt> receipts)
    {
        ReceiptState? furthest = null;
        foreach (var r in receipts)
        {
            if (r.State is ReceiptState.Expired or ReceiptState.Failed)
            {
                return r.State;
            }

            furthest = furthest is null || r.State > furthest ? r.State : furthest;
        }

        return furthest;
    }

    public static string OutcomeWord(NativeSendOutcome outcome) => outcome switch
    {
        NativeSendOutcome.Delivered => "delivered",
        NativeSendOutcome.Refused => "refused",
        NativeSendOutcome.Untrusted => "untrusted",
        NativeSendOutcome.Unreachable => "unreachable",
        NativeSendOutcome.TimedOut => "timed-out",
        NativeSendOutcome.ProtocolError => "protocol-error",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    private static Task Invalid(HttpContext context, string message) => Error(context, StatusCodes.Status400BadRequest, ControlErrors.Invalid, message);

    private static Task Error(HttpContext context, int status, string error, string message) =>
        ControlRequestHandler.WriteErrorAsync(context, status, error, message);
}
