using System.Net;
using System.Runtime.CompilerServices;
using Messngr.Daemon.Core;
using Messngr.Daemon.Store;
using Messngr.Wire.Native;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Native;

/// <summary>
/// The connecting side of native delivery (issue #13, items 6 and 8): over a kept TLS connection
/// per peer from the <see cref="TlsConnectionPool"/> (our node certificate; the peer judged by our
/// trust policy) — HELLO once per connection — each MESSAGE (<c>sent</c>) and the receiver's
/// RECEIPT: <c>stored</c>, only ever sent after its commit, or <c>refused</c> with the reason, each
/// recorded with its time (docs/native-protocol.md §3, §5.3–5.4, §11). Any number of sends may run
/// at once: they go pipelined over the peer's one connection (<see cref="NativeConnection"/>, §6).
/// </summary>
/// <remarks>
/// <see cref="SendAsync"/> is the direct path (enqueue, one attempt, its outcome final);
/// <see cref="AttemptAsync"/> is one attempt for the <see cref="OutboxDispatcher"/>, which decides
/// what an outcome means for the message (store-and-forward).
/// </remarks>
internal sealed class NativeSender(TlsConnectionPool pool, IMessageStore store, DaemonLimits limits, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly ConditionalWeakTable<IFrameChannel, NativeConnection> _connections = [];

    /// <summary>Counts each message a node stored, with its submission-to-stored time (issue #15, item 6).</summary>
    public Metrics.DaemonMetrics? Metrics { get; init; }

    /// <summary>Enqueues <paramref name="message"/>, sends it to <paramref name="endPoint"/> and records the outcome as final (no retry).</summary>
    public async Task<NativeSendResult> SendAsync(IPEndPoint endPoint, OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(message);
        if (await store.EnqueueOutgoingAsync(message).ConfigureAwait(false) == EnqueueOutcome.Full)
        {
            return new NativeSendResult(NativeSendOutcome.Refused, null, "the outbox is full");
        }

        var result = await AttemptAsync(endPoint.ToString(), endPoint, message, message.Recipient, cancellationToken).ConfigureAwait(false);
        Record(message, result);
        return result;
    }

    /// <summary>
    /// One attempt: <paramref name="message"/> to the node at <paramref name="endPoint"/> (its kept
    /// connection is found by <paramref name="peerKey"/>: the node id, which the TLS peer check then
    /// requires, or the address), addressed on the wire to <paramref name="recipientName"/>. Records
    /// <c>sent</c> and <c>stored</c>; every other outcome is the caller's to record.
    /// </summary>
    public async Task<NativeSendResult> AttemptAsync(string peerKey, IPEndPoint endPoint, OutgoingMessage message, string recipientName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(message);
        var target = endPoint.ToString();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.NativeSendTimeout);
        string? peer = null;
        NativeConnection? connection = null;
        DateTimeOffset? sentAt = null;
        NativeSendResult result;
        try
        {
            var channel = await pool.GetAsync(peerKey, endPoint, deadline.Token).ConfigureAwait(false);
            connection = _connections.GetValue(channel, c => new NativeConnection(c, peerKey, pool, limits, time));
            peer = connection.PeerNodeId;
            await connection.OpenAsync(deadline.Token).ConfigureAwait(false);
            var receipt = await connection.RequestAsync(
                stream => Frame(stream, message, recipientName),
                // Written: the time is kept and recorded with the outcome, in the same transaction
                // as stored when it comes (one commit instead of two; the outbox entry was durable
                // before the write, which is what store-and-forward needs).
                () => sentAt = time.GetUtcNow(),
                deadline.Token).ConfigureAwait(false);
            result = await InterpretAsync(receipt, message, peer, Sent(message, sentAt, peer)).ConfigureAwait(false);
            sentAt = null; // recorded
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && sentAt is not null)
        {
            store.RecordReceipt(Sent(message, sentAt, peer)!); // the caller gave up after the write: it was sent all the same
            throw;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var why = $"no receipt from {target} within {limits.NativeSendTimeout.TotalSeconds:0} s";
            if (sentAt is not null)
            {
                // Written but never answered: the connection is in an unknown state and is not reused.
                connection?.Abort(why);
            }

            result = new NativeSendResult(NativeSendOutcome.TimedOut, peer, why);
        }
        catch (ArgumentException ex)
        {
            result = new NativeSendResult(NativeSendOutcome.Refused, peer, $"invalid: the message does not fit the native protocol ({ex.Message})") { Reason = NativeRefusalReason.Invalid };
        }
        catch (TlsChannelException ex)
        {
            result = new NativeSendResult(
                ex.Failure == TlsChannelFailure.PeerRefused ? NativeSendOutcome.Untrusted
                : ex.Failure is TlsChannelFailure.ConnectFailed or TlsChannelFailure.ConnectionLost or TlsChannelFailure.Closed ? NativeSendOutcome.Unreachable
                : NativeSendOutcome.ProtocolError,
                peer,
                ex.Message);
        }
        catch (NativeProtocolException ex)
        {
            result = new NativeSendResult(NativeSendOutcome.ProtocolError, peer, ex.Message);
        }

        if (Sent(message, sentAt, peer) is { } unanswered)
        {
            store.RecordReceipt(unanswered); // written, then no (usable) answer: it was sent all the same
        }

        if (result.Outcome == NativeSendOutcome.Delivered)
        {
            NativeSenderLog.Delivered(logger, message.Id, message.Recipient, target, peer); // one line per message: at debug
        }
        else
        {
            NativeSessionLog.Sent(logger, message.Id.ToString(), message.Recipient, target, $"{result.Outcome}: {result.Detail}");
        }

        return result;
    }

    /// <summary>GOODBYE (<paramref name="reason"/>) on every open kept connection (§5.7), e.g. <c>shutting-down</c> before the pool is closed.</summary>
    public async Task GoodbyeAsync(NativeGoodbyeReason reason, CancellationToken cancellationToken)
    {
        var open = _connections.Select(pair => pair.Value).Where(c => c.IsUsable).ToList();
        await Task.WhenAll(open.Select(c => c.GoodbyeAsync(reason, cancellationToken))).ConfigureAwait(false);
    }

    public void Dispose()
    {
        // The connections belong to the pool, which its owner disposes.
    }

    private static Receipt? Sent(OutgoingMessage message, DateTimeOffset? sentAt, string? peer) =>
        sentAt is { } at ? new Receipt(message.Id, ReceiptState.Sent, at, $"to node {peer}") : null;

    /// <summary>Stored: sent, the attempt, stored and the node that stored it in one transaction, before the caller hears "delivered"; otherwise sent only (the caller records the rest).</summary>
    private async Task<NativeSendResult> InterpretAsync(ReceiptFrame receipt, OutgoingMessage message, string peer, Receipt? sent)
    {
        if (receipt.State == NativeReceiptState.Stored)
        {
            if (await store.RecordDeliveryAsync(sent, new Receipt(message.Id, ReceiptState.Stored, NativeFrameCodec.FromWire(receipt.At), $"by node {peer}"), peer).ConfigureAwait(false))
            {
                Metrics?.SentNative(time.GetUtcNow() - message.CreatedAt); // once: a stored receipt again (a resend) is not recorded again
            }

            return new NativeSendResult(NativeSendOutcome.Delivered, peer, $"delivered over native to {peer} (verified)");
        }

        if (sent is not null)
        {
            store.RecordReceipt(sent);
        }

        var detail = Display.TerminalText.Sanitize(receipt.Detail);
        return new NativeSendResult(NativeSendOutcome.Refused, peer, $"{ReasonName(receipt.Reason)}: {detail}") { Reason = receipt.Reason };
    }

    private void Record(OutgoingMessage message, NativeSendResult result)
    {
        var now = time.GetUtcNow();
        switch (result.Outcome)
        {
            case NativeSendOutcome.Delivered:
                break; // recorded with its stored receipt (InterpretAsync)
            case NativeSendOutcome.Refused when result.Reason == NativeRefusalReason.Expired:
                store.RecordAttempt(message.Id, null, result.Detail);
                store.RecordReceipt(new Receipt(message.Id, ReceiptState.Expired, now, result.Detail));
                break;
            default:
                store.RecordAttempt(message.Id, null, result.Detail);
                store.RecordReceipt(new Receipt(message.Id, ReceiptState.Failed, now, result.Detail));
                break;
        }
    }

    private static string ReasonName(NativeRefusalReason reason) => reason switch
    {
        NativeRefusalReason.NotHere => "not here",
        NativeRefusalReason.Expired => "expired",
        NativeRefusalReason.Policy => "policy",
        NativeRefusalReason.StorageFull => "storage full (temporary)",
        NativeRefusalReason.RateLimited => "rate limited (temporary)",
        NativeRefusalReason.Invalid => "invalid",
        NativeRefusalReason.ClockSkew => "clock skew (temporary)",
        _ => $"reason {(ushort)reason}",
    };

    private static MessageFrame Frame(uint stream, OutgoingMessage message, string recipientName) => new(
        stream,
        NativeFrameCodec.ToWire(message.Id),
        (NativePriority)message.Priority,
        message.Sealed,
        NativeFrameCodec.ToWire(message.CreatedAt),
        message.ExpiresAt is { } expires ? NativeFrameCodec.ToWire(expires) : 0,
        message.ReplyTo is { } replyTo ? NativeFrameCodec.ToWire(replyTo) : Guid.Empty,
        message.FromUser,
        recipientName,
        message.CorrelationKey ?? string.Empty,
        message.Text);
}

/// <summary>The peer broke docs/native-protocol.md in a way the TLS layer cannot see.</summary>
internal sealed class NativeProtocolException(string message) : Exception(message);

