using Messngr.Daemon.Control;
using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;

namespace Messngr.Daemon.Sending;

/// <summary>
/// The native path of <c>POST /v1/send/any</c> (issue #14, item 2) inside the daemon: the choice
/// of <c>messngr send</c> with the transport auto (<see cref="NativeRouteChoice"/> over the
/// daemon's peer table: a NAME a trusted node announces, NAME@HOST at a trusted node's address,
/// every NAME@HOST:PORT), sent as the caller straight into the outbox (<see cref="INativeDelivery"/>),
/// with the checks of <c>POST /v1/send</c> (<see cref="NativeSendBody"/>; at most
/// <see cref="DaemonLimits.MaxWaitingPerUser"/> waiting). Without the native transport every
/// recipient goes the classic way.
/// </summary>
internal sealed class DaemonNativeRoute : INativeRoute
{
    private readonly IDaemonControl _control;
    private readonly uint _uid;
    private readonly string _user;
    private readonly string? _priority;
    private readonly string? _replyTo;
    private readonly DaemonLimits _limits;
    private readonly CancellationToken _stopping;
    private readonly string? _correlationKey;

    /// <param name="correlationKey">The key every native message of the request carries (Alertmanager's group: issue #15, item 2); null: none.</param>
    public DaemonNativeRoute(IDaemonControl control, uint uid, string user, string? priority, string? replyTo, DaemonLimits limits, CancellationToken stopping, string? correlationKey = null)
    {
        _correlationKey = correlationKey;
        _control = control;
        _uid = uid;
        _user = user;
        _priority = priority;
        _replyTo = replyTo;
        _limits = limits;
        _stopping = stopping;
    }

    public Task<IReadOnlyList<Task<RecipientResult>?>> StartAsync(SendRequest request, SendTrace? trace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = new Task<RecipientResult>?[request.Recipients.Count];
        if (request.Transport != SendTransport.Auto || _control.Delivery is not { } delivery)
        {
            return Task.FromResult<IReadOnlyList<Task<RecipientResult>?>>(started);
        }

        IReadOnlyList<PeerDto> peers = _control.Peers?.Snapshot().Select(ControlPeerEndpoints.ToDto).ToList() ?? [];
        var batch = new List<int>();
        for (var i = 0; i < started.Length; i++)
        {
            var recipient = request.Recipients[i];
            if (recipient.Form is (RecipientForm.Name or RecipientForm.NameAtHost) &&
                (recipient.Port is not null || NativeRouteChoice.Match(peers, recipient) is not null))
            {
                batch.Add(i);
            }
        }

        if (batch.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<Task<RecipientResult>?>>(started);
        }

        var body = new NativeSendRequest(null, request.Text, _priority, CorrelationKey: _correlationKey, ReplyTo: _replyTo, Recipients: [.. batch.Select(i => request.Recipients[i].Text.Trim())]);
        if (NativeSendBody.Build(body, _user, _uid, _limits, out var messages) is { } problem)
        {
            foreach (var i in batch)
            {
                started[i] = Task.FromResult(Result(request.Recipients[i], SendOutcome.Invalid, problem));
            }

            return Task.FromResult<IReadOnlyList<Task<RecipientResult>?>>(started);
        }

        var waiting = _control.CountWaiting(_uid);
        for (var k = 0; k < batch.Count; k++)
        {
            var recipient = request.Recipients[batch[k]];
            started[batch[k]] = waiting + batch.Count > _limits.MaxWaitingPerUser
                ? Task.FromResult(Result(recipient, SendOutcome.Refused, $"you have {waiting} messages waiting in the outbox and may have {_limits.MaxWaitingPerUser}; wait until they are delivered or expire"))
                : SubmitAsync(delivery, recipient, messages[k], trace);
        }

        return Task.FromResult<IReadOnlyList<Task<RecipientResult>?>>(started);
    }

    /// <summary>The first attempt (on the daemon's token: a page that closes does not cut it short) and its result.</summary>
    private async Task<RecipientResult> SubmitAsync(INativeDelivery delivery, Recipient recipient, OutgoingMessage message, SendTrace? trace)
    {
        trace?.Invoke($"{recipient.Text}: sending natively");
        var submitted = await delivery.SubmitAsync(message, _stopping).ConfigureAwait(false);
        var outcome = submitted.Queued ? SendOutcome.Queued : submitted.Attempt.Outcome switch
        {
            NativeSendOutcome.Delivered => SendOutcome.Delivered,
            NativeSendOutcome.Refused or NativeSendOutcome.Untrusted => SendOutcome.Refused,
            NativeSendOutcome.Unreachable => SendOutcome.Unreachable,
            NativeSendOutcome.TimedOut => SendOutcome.TimedOut,
            _ => SendOutcome.ProtocolError,
        };
        var state = ControlSendEndpoints.Furthest(_control.SentReceipts(submitted.Id))
            ?? (submitted.Attempt.Outcome == NativeSendOutcome.Delivered ? ReceiptState.Stored : ReceiptState.Queued);
        return new RecipientResult(recipient, outcome, SendTransport.Native, null, recipient.Name, submitted.Attempt.Detail)
        {
            Native = new NativeDelivery(submitted.Id.ToString(), ReceiptStateText.Format(state), submitted.Attempt.NodeId, submitted.Attempt.NodeId is not null,
                submitted.Queued ? _control.FindSent(submitted.Id)?.ExpiresAt : null),
        };
    }

    private static RecipientResult Result(Recipient recipient, SendOutcome outcome, string detail) =>
        new(recipient, outcome, SendTransport.Native, null, recipient.Name, detail);
}
