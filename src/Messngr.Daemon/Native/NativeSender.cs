using System.Net;
using System.Runtime.CompilerServices;
using Messngr.Daemon.Core;
using Messngr.Daemon.Store;
using Messngr.Wire.Native;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Native;

/// <summary>
/// The connecting side of native delivery on a direct path (issue #13, items 6 and 8, first slice):
/// the message goes into the sender's outbox (<c>queued</c>), over a kept TLS connection from the
/// <see cref="TlsConnectionPool"/> (our node certificate; the peer judged by our trust policy),
/// HELLO once per connection, MESSAGE (<c>sent</c>), and the receiver's RECEIPT: <c>stored</c> —
/// only ever sent after its commit — or <c>refused</c> with the reason, each recorded with its
/// time (docs/native-protocol.md §3, §5.3–5.4, §11). No retry here: store-and-forward is later work.
/// </summary>
/// <remarks>One send at a time per sender (a first slice: answers are read in order by the caller).</remarks>
internal sealed class NativeSender(TlsConnectionPool pool, IMessageStore store, DaemonLimits limits, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly ConditionalWeakTable<IFrameChannel, StreamCounter> _greeted = [];

    public async Task<NativeSendResult> SendAsync(IPEndPoint endPoint, OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(message);
        var target = endPoint.ToString();
        if (store.EnqueueOutgoing(message) == EnqueueOutcome.Full)
        {
            return new NativeSendResult(NativeSendOutcome.Refused, null, "the outbox is full");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.NativeSendTimeout);
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        string? peer = null;
        IFrameChannel? channel = null;
        NativeSendResult result;
        try
        {
            channel = await pool.GetAsync(target, endPoint, deadline.Token).ConfigureAwait(false);
            peer = NodeId.FromCertificate(channel.PeerCertificate).ToString();
            var streams = await GreetAsync(channel, deadline.Token).ConfigureAwait(false);
            var stream = streams.Next();
            await channel.SendAsync(NativeFrameCodec.Encode(Frame(stream, message)), deadline.Token).ConfigureAwait(false);
            store.RecordReceipt(new Receipt(message.Id, ReceiptState.Sent, time.GetUtcNow(), $"to node {peer}"));
            result = await AwaitReceiptAsync(channel, stream, message, peer, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = new NativeSendResult(NativeSendOutcome.TimedOut, peer, $"no receipt from {target} within {limits.NativeSendTimeout.TotalSeconds:0} s");
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
        finally
        {
            _one.Release();
        }

        if (result.Outcome is not NativeSendOutcome.Delivered and not NativeSendOutcome.Refused && channel is not null)
        {
            pool.Drop(target, channel); // a connection in an unknown state is not reused
        }

        Record(message, result);
        NativeSessionLog.Sent(logger, message.Id.ToString(), message.Recipient, target, $"{result.Outcome}: {result.Detail}");
        return result;
    }

    public void Dispose() => _one.Dispose();

    private void Record(OutgoingMessage message, NativeSendResult result)
    {
        var now = time.GetUtcNow();
        switch (result.Outcome)
        {
            case NativeSendOutcome.Delivered:
                store.RecordAttempt(message.Id, null, null);
                break;
            case NativeSendOutcome.Refused when result.Detail.StartsWith("expired", StringComparison.Ordinal):
                store.RecordReceipt(new Receipt(message.Id, ReceiptState.Expired, now, result.Detail));
                store.RecordAttempt(message.Id, null, result.Detail);
                break;
            default:
                store.RecordReceipt(new Receipt(message.Id, ReceiptState.Failed, now, result.Detail));
                store.RecordAttempt(message.Id, null, result.Detail);
                break;
        }
    }

    private async Task<StreamCounter> GreetAsync(IFrameChannel channel, CancellationToken cancellationToken)
    {
        if (_greeted.TryGetValue(channel, out var known))
        {
            return known;
        }

        var offer = new NativeOffer(NativeFrameCodec.ToWire(time.GetUtcNow()), limits.NativeMaxFrameLength, limits.NativeMaxInFlight, NativeCapabilities.None, []);
        await channel.SendAsync(NativeFrameCodec.Encode(new HelloFrame([NativeLimits.Version1], offer)), cancellationToken).ConfigureAwait(false);
        var answer = await ReceiveAsync(channel, cancellationToken).ConfigureAwait(false);
        if (answer is not HelloAckFrame { Version: NativeLimits.Version1 })
        {
            throw new NativeProtocolException(answer is ErrorFrame error ? $"the peer refused HELLO: {error.Code}" : $"the peer answered HELLO with {answer.Type}");
        }

        var counter = new StreamCounter();
        _greeted.AddOrUpdate(channel, counter);
        return counter;
    }

    private async Task<NativeSendResult> AwaitReceiptAsync(IFrameChannel channel, uint stream, OutgoingMessage message, string peer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var frame = await ReceiveAsync(channel, cancellationToken).ConfigureAwait(false);
            switch (frame)
            {
                case ReceiptFrame receipt when receipt.StreamId == stream && receipt.State == NativeReceiptState.Stored:
                    store.RecordReceipt(new Receipt(message.Id, ReceiptState.Stored, NativeFrameCodec.FromWire(receipt.At), $"by node {peer}"));
                    return new NativeSendResult(NativeSendOutcome.Delivered, peer, $"delivered over native to {peer} (verified)");
                case ReceiptFrame receipt when receipt.StreamId == stream && receipt.State == NativeReceiptState.Refused:
                    var detail = Display.TerminalText.Sanitize(receipt.Detail);
                    return new NativeSendResult(NativeSendOutcome.Refused, peer, $"{ReasonName(receipt.Reason)}: {detail}");
                case ErrorFrame error:
                    throw new NativeProtocolException($"the peer closed the connection with ERROR {error.Code}: {Display.TerminalText.Sanitize(error.Reason)}");
                case GoodbyeFrame:
                    throw new TlsChannelException(TlsChannelFailure.Closed, "the peer said GOODBYE before answering");
                default:
                    throw new NativeProtocolException($"unexpected {frame.Type} on stream {frame.StreamId} while waiting for the receipt");
            }
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

    private static async Task<NativeFrame> ReceiveAsync(IFrameChannel channel, CancellationToken cancellationToken)
    {
        var body = await channel.ReceiveAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new TlsChannelException(TlsChannelFailure.Closed, "the peer closed the connection");
        var result = NativeFrameCodec.Decode(body, NativeLimits.MaxFrameLength);
        return result.Status == NativeReadStatus.Frame && result.Frame is { } frame
            ? frame
            : throw new NativeProtocolException($"the peer sent a malformed frame ({result.Fault.Reason})");
    }

    private static MessageFrame Frame(uint stream, OutgoingMessage message) => new(
        stream,
        NativeFrameCodec.ToWire(message.Id),
        (NativePriority)message.Priority,
        message.Sealed,
        NativeFrameCodec.ToWire(message.CreatedAt),
        message.ExpiresAt is { } expires ? NativeFrameCodec.ToWire(expires) : 0,
        message.ReplyTo is { } replyTo ? NativeFrameCodec.ToWire(replyTo) : Guid.Empty,
        message.FromUser,
        message.Recipient,
        message.CorrelationKey ?? string.Empty,
        message.Text);

    /// <summary>Odd stream ids of the connecting node, one per request (§6.2).</summary>
    private sealed class StreamCounter
    {
        private uint _next = 1;

        public uint Next()
        {
            var id = _next;
            _next = _next >= uint.MaxValue - 2 ? 1 : _next + 2;
            return id;
        }
    }
}

/// <summary>The peer broke docs/native-protocol.md in a way the TLS layer cannot see.</summary>
internal sealed class NativeProtocolException(string message) : Exception(message);
