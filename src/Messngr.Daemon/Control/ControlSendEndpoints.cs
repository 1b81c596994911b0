using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
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
/// GET  /v1/sent?limit=N            → [SentDto], newest first (1 ≤ N ≤ 1000, default 100)
/// GET  /v1/sent/{id}[?wait=stored|displayed|read&amp;timeout=S] → SentDto (after the wait); 404
/// </code>
/// The daemon sends AS THE CALLER: the sender is the caller's uid (SO_PEERCRED) and its login
/// name, never a field of the body. A user sees only their own sent messages (root all), and
/// another user's id answers 404, not 403, so its existence is not revealed
/// (<see cref="ControlAuthorization.MayReadSent"/>). One uid may have at most
/// <see cref="DaemonLimits.MaxWaitingPerUser"/> messages waiting (429 beyond), so it cannot fill
/// the shared outbox and block the others.
/// </summary>
internal sealed class ControlSendEndpoints
{
    public const string SentPrefix = "/v1/sent/";

    public const int DefaultSentLimit = 100;
    public const int MaxSentLimit = 1000;

    /// <summary>docs/native-protocol.md §8: SENDER-USER and RECIPIENT are 1..64 bytes of UTF-8, TEXT at most 65,536.</summary>
    public const int MaxLabelBytes = 64;
    public const int MaxTextBytes = 65_536;

    /// <summary>A message never stays longer than the receivers' dedupe window (§11): older ones are refused there anyway.</summary>
    public static readonly TimeSpan MaxExpiry = TimeSpan.FromDays(30);

    private static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(5);

    private readonly IDaemonControl _control;
    private readonly DaemonLimits _limits;
    private readonly CancellationToken _stopping;

    /// <summary>Sends of each uid between the cap check and the end of the first attempt (they are not all in the outbox yet).</summary>
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
            size.MaxRequestBodySize = _limits.MaxSendRequestBytes;
        }

        NativeSendRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(context.Request.Body, ControlJsonContext.Default.NativeSendRequest, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            await Invalid(context, "the body must be JSON: {\"recipient\":\"NAME[@HOST[:PORT]]\",\"text\":\"…\"}").ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException ex)
        {
            await Error(context, ex.StatusCode, ControlErrors.Invalid, "the request body is too large").ConfigureAwait(false);
            return;
        }

        if (Build(body, uid, out var message) is { } problem)
        {
            await Invalid(context, problem).ConfigureAwait(false);
            return;
        }

        var pending = _inFlight.AddOrUpdate(uid, 1, (_, n) => n + 1);
        try
        {
            if (_control.CountWaiting(uid) + pending > _limits.MaxWaitingPerUser)
            {
                await Error(context, StatusCodes.Status429TooManyRequests, ControlErrors.TooMany,
                    $"you have {_limits.MaxWaitingPerUser} messages waiting in the outbox already; wait until they are delivered or expire (see 'messngr sent')").ConfigureAwait(false);
                return;
            }

            // The daemon's token, not the request's: a client that goes away does not cut the attempt short.
            var result = await delivery.SubmitAsync(message, _stopping).ConfigureAwait(false);
            var state = Furthest(_control.SentReceipts(result.Id))
                ?? (result.Attempt.Outcome == NativeSendOutcome.Delivered ? ReceiptState.Stored : ReceiptState.Queued);
            var dto = new NativeSendDto(result.Id.ToString(), OutcomeWord(result.Attempt.Outcome), result.Queued, result.Attempt.NodeId, result.Attempt.Detail, ReceiptStateText.Format(state));
            await ControlRequestHandler.WriteJsonAsync(context, StatusCodes.Status200OK, dto, ControlJsonContext.Default.NativeSendDto).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.AddOrUpdate(uid, 0, (_, n) => n - 1);
            _inFlight.TryRemove(new KeyValuePair<uint, int>(uid, 0));
        }
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

    /// <summary>The outgoing message the body describes, from <paramref name="uid"/>; null, or what is wrong with the body.</summary>
    private string? Build(NativeSendRequest? body, uint uid, out OutgoingMessage message)
    {
        message = null!;
        if (body is null)
        {
            return "the body must be a JSON object";
        }

        var recipient = body.Recipient?.Trim() ?? string.Empty;
        if (RecipientProblem(recipient) is { } badRecipient)
        {
            return badRecipient;
        }

        if (string.IsNullOrWhiteSpace(body.Text))
        {
            return "the text is empty";
        }

        if (Encoding.UTF8.GetByteCount(body.Text) > MaxTextBytes)
        {
            return $"the text is longer than {MaxTextBytes} bytes of UTF-8 (docs/native-protocol.md §8)";
        }

        var priority = Priority.Normal;
        if (body.Priority is not null && !PriorityText.TryParse(body.Priority, out priority))
        {
            return "priority must be low, normal, high or critical";
        }

        if (body.ExpiresInSeconds is { } seconds && (seconds < 1 || seconds > MaxExpiry.TotalSeconds))
        {
            return $"expiresInSeconds must be from 1 to {MaxExpiry.TotalSeconds:0} (30 days)";
        }

        if (body.CorrelationKey is { Length: > 0 } key && CorrelationKey.Problem(key) is { } badKey)
        {
            return badKey;
        }

        MessageId? replyTo = null;
        if (body.ReplyTo is { Length: > 0 } replyText)
        {
            if (!MessageId.TryParse(replyText, out var parsed, out _))
            {
                return "replyTo must be a message id";
            }

            replyTo = parsed;
        }

        var user = _control.UserName(uid);
        if (Encoding.UTF8.GetByteCount(user) > MaxLabelBytes)
        {
            return $"your login name is longer than {MaxLabelBytes} bytes, the limit of the native protocol's SENDER-USER (§8)";
        }

        var now = DateTimeOffset.UtcNow;
        message = new OutgoingMessage(MessageId.New(), recipient, user, uid, body.Text, now)
        {
            Priority = priority,
            ExpiresAt = body.ExpiresInSeconds is { } s ? now.AddSeconds(s) : null,
            Sealed = body.Sealed == true,
            CorrelationKey = body.CorrelationKey is { Length: > 0 } k ? k : null,
            ReplyTo = replyTo,
        };
        return null;
    }

    /// <summary><c>NAME</c> or <c>NAME@HOST[:PORT]</c>: a NetBIOS name of at most 64 bytes (§8 RECIPIENT), an IPv4 address or host name, a port 1–65535.</summary>
    internal static string? RecipientProblem(string recipient)
    {
        if (recipient.Length == 0)
        {
            return "no recipient (NAME or NAME@HOST[:PORT])";
        }

        var at = recipient.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? recipient : recipient[..at];
        if (Names.NetBiosNameRule.Validate(name, "recipient") is { } badName)
        {
            return badName;
        }

        if (Encoding.UTF8.GetByteCount(name) > MaxLabelBytes)
        {
            return $"the recipient name is longer than {MaxLabelBytes} bytes of UTF-8";
        }

        if (at < 0)
        {
            return null;
        }

        var host = recipient[(at + 1)..];
        var colon = host.LastIndexOf(':');
        if (colon >= 0)
        {
            if (!int.TryParse(host.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                return $"the port of {Display.TerminalText.SingleLine(recipient)} must be from 1 to 65535";
            }

            host = host[..colon];
        }

        var literal = IPAddress.TryParse(host, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
        return literal || Resolution.HostNameRule.IsHostName(host) ? null : $"the host of {Display.TerminalText.SingleLine(recipient)} is not {Resolution.HostNameRule.Rule}";
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
