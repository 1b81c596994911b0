using Messngr.Daemon.Core;
using Messngr.Wire.Native;

namespace Messngr.Daemon.Native;

/// <summary>
/// The accepting side of one native connection (docs/native-protocol.md §3, §5, §6, §11; issue #13,
/// items 3 and 6): AWAIT-HELLO (10 s) → HELLO-ACK → OPEN, where each MESSAGE is checked (recipient
/// one of our names, not expired, not from the future), committed through the daemon's pipeline —
/// the classic listeners' commit path, so sinks show it and history keeps it — with the sender
/// <em>verified</em> (the TLS peer's node id and the frame's user), and only then answered
/// <c>stored</c>; a message already stored is answered <c>stored</c> again and not stored twice.
/// Requests are handled concurrently (no head-of-line blocking, §6.1) up to the MAX-IN-FLIGHT we
/// advertise (§6.3). PING → PONG; GOODBYE → answer what is outstanding, then close; anything the
/// document does not allow → ERROR, close (§3: ERROR is fatal).
/// </summary>
/// <remarks>
/// This node sends no requests of its own on an accepted connection, so an ACK or PONG from the
/// peer answers nothing (protocol-violation), and so does a <em>stored</em>/<em>refused</em> RECEIPT
/// (answers, never requests). A <em>displayed</em>/<em>read</em> RECEIPT is the connecting node's
/// request (the receiver of a message we sent, §5.4): recorded through
/// <see cref="NativeSessionContext.Receipts"/> and ACKed.
/// </remarks>
internal sealed partial class NativeSession
{
    private readonly IFrameChannel _channel;
    private readonly NativeSessionContext _context;
    private readonly NodeId _peerId;
    private readonly string _peer;
    private readonly HashSet<uint> _open = [];
    private readonly List<Task> _requests = [];

    /// <summary>MESSAGEs that arrived together and wait to be handed to the commit as one batch (the read loop's only).</summary>
    private List<MessageFrame> _arrived = [];

    /// <summary>The last displayed/read RECEIPT handed to <see cref="HandleReceiptAsync"/> (the read loop's only): the next one waits for it.</summary>
    private Task _lastReceipt = Task.CompletedTask;
    private volatile bool _failed;

    private NativeSession(IFrameChannel channel, NativeSessionContext context)
    {
        _channel = channel;
        _context = context;
        _peerId = NodeId.FromCertificate(channel.PeerCertificate);
        _peer = _peerId.ToString();
    }

    /// <summary>Serves <paramref name="channel"/> until the peer leaves, an error closes it, or <paramref name="cancellationToken"/> fires.</summary>
    public static Task ServeAsync(IFrameChannel channel, NativeSessionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(context);
        return new NativeSession(channel, context).RunAsync(cancellationToken);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!await GreetAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        NativeSessionLog.Opened(_context.Logger, _peer, _channel.RemoteEndPoint.ToString());
        try
        {
            while (!_failed)
            {
                // MESSAGEs already here are gathered; once the next frame is not, they go to the
                // commit together (§6.3: one transaction, one fsync, their RECEIPTs in one write).
                var next = _channel.ReceiveAsync(cancellationToken);
                if (!next.IsCompleted)
                {
                    HandArrivedMessages(cancellationToken);
                }

                if (await next.ConfigureAwait(false) is not { } body)
                {
                    break;
                }

                var frame = await DecodeAsync(body, cancellationToken).ConfigureAwait(false);
                if (frame is MessageFrame message)
                {
                    if (!await OpenStreamAsync(message, cancellationToken).ConfigureAwait(false))
                    {
                        break;
                    }

                    _arrived.Add(message);
                    if (_arrived.Count >= _context.Limits.NativeMaxInFlight)
                    {
                        HandArrivedMessages(cancellationToken);
                    }

                    continue;
                }

                HandArrivedMessages(cancellationToken); // in order: what came before this frame first
                if (frame is null || !await HandleAsync(frame, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        finally
        {
            HandArrivedMessages(cancellationToken); // opened streams are answered, as in CLOSING
            await DrainAsync().ConfigureAwait(false);
        }
    }

    /// <summary>AWAIT-HELLO: HELLO within <see cref="DaemonLimits.NativeHelloTimeout"/>, listing version 1 (§3, §5.1–5.2).</summary>
    private async Task<bool> GreetAsync(CancellationToken cancellationToken)
    {
        byte[]? body;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(_context.Limits.NativeHelloTimeout);
            try
            {
                body = await _channel.ReceiveAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await FailAsync(0, NativeErrorCode.Timeout, "no HELLO within 10 s", cancellationToken).ConfigureAwait(false);
                return false;
            }
        }

        if (body is null || await DecodeAsync(body, cancellationToken).ConfigureAwait(false) is not { } frame)
        {
            return false;
        }

        if (frame is not HelloFrame hello)
        {
            await FailAsync(frame.StreamId, NativeErrorCode.ProtocolViolation, $"{frame.Type} before HELLO", cancellationToken).ConfigureAwait(false);
            return false;
        }

        if (!hello.Versions.Contains(NativeLimits.Version1))
        {
            await FailAsync(0, NativeErrorCode.NoCommonVersion, "this node speaks version 1 only", cancellationToken).ConfigureAwait(false);
            return false;
        }

        var names = _context.Names().Take(NativeLimits.MaxHelloNames);
        var offer = new NativeOffer(NativeFrameCodec.ToWire(_context.Time.GetUtcNow()), _context.Limits.NativeMaxFrameLength, _context.Limits.NativeMaxInFlight, NativeCapabilities.None, names);
        await SendAsync(new HelloAckFrame(NativeLimits.Version1, offer), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>One frame in OPEN (or CLOSING); false when the connection is to close.</summary>
    private async Task<bool> HandleAsync(NativeFrame frame, CancellationToken cancellationToken)
    {
        switch (frame)
        {
            case PingFrame ping:
                if (await OpenStreamAsync(ping, cancellationToken).ConfigureAwait(false))
                {
                    await SendAsync(new PongFrame(ping.StreamId, ping.Data), cancellationToken).ConfigureAwait(false);
                    CloseStream(ping.StreamId);
                    return true;
                }

                return false;
            case GoodbyeFrame:
                return false; // CLOSING: outstanding requests are answered in DrainAsync, then we close
            case ErrorFrame error:
                NativeSessionLog.ProtocolError(_context.Logger, _peer, _channel.RemoteEndPoint.ToString(), error.Code.ToString(), Display.TerminalText.Sanitize(error.Reason));
                _failed = true;
                return false;
            case ReceiptFrame { State: NativeReceiptState.Displayed or NativeReceiptState.Read } receipt when _context.Receipts is { } receipts:
                // A request of the connecting node (odd stream, §6.2): the receiver of our message reports it shown or read.
                if (await OpenStreamAsync(receipt, cancellationToken).ConfigureAwait(false))
                {
                    _lastReceipt = HandleReceiptAsync(receipt, receipts, _lastReceipt, cancellationToken);
                    Track(_lastReceipt);
                    return true;
                }

                return false;
            case ReceiptFrame { State: NativeReceiptState.Displayed or NativeReceiptState.Read }:
                await FailAsync(frame.StreamId, NativeErrorCode.ProtocolViolation, "this node does not take displayed/read receipts yet", cancellationToken).ConfigureAwait(false);
                return false;
            default:
                // HELLO or HELLO-ACK again, or an answer (RECEIPT stored/refused, ACK, PONG) to a request we never sent.
                await FailAsync(frame.StreamId, NativeErrorCode.ProtocolViolation, $"{frame.Type} answers no request of this node", cancellationToken).ConfigureAwait(false);
                return false;
        }
    }

    /// <summary>A new request's stream: the connecting node's parity (odd, §6.2), not in use, within MAX-IN-FLIGHT (§6.3).</summary>
    private async Task<bool> OpenStreamAsync(NativeFrame request, CancellationToken cancellationToken)
    {
        string? violation;
        var code = NativeErrorCode.ProtocolViolation;
        lock (_open)
        {
            violation = request.StreamId % 2 == 0 ? "a request on the accepting node's stream parity"
                : _open.Contains(request.StreamId) ? "a request on a stream that is still open"
                : null;
            if (violation is null && _open.Count >= _context.Limits.NativeMaxInFlight)
            {
                (violation, code) = ($"more than {_context.Limits.NativeMaxInFlight} requests in flight", NativeErrorCode.TooManyInFlight);
            }

            if (violation is null)
            {
                _open.Add(request.StreamId);
            }
        }

        if (violation is not null)
        {
            await FailAsync(request.StreamId, code, violation, cancellationToken).ConfigureAwait(false);
            return false;
        }

        return true;
    }

    private void CloseStream(uint stream)
    {
        lock (_open)
        {
            _open.Remove(stream);
        }
    }

    private void Track(Task request)
    {
        lock (_requests)
        {
            _requests.RemoveAll(t => t.IsCompleted);
            _requests.Add(request);
        }
    }

    /// <summary>
    /// §5.4–5.5: a displayed/read RECEIPT is recorded (when it is about a message we sent to this
    /// very node, <see cref="ReceiptAcceptor"/>) and then — after the commit — answered ACK on its
    /// stream; one we ignore is ACKed too. A store failure answers ERROR internal instead: the peer
    /// keeps the receipt and retries on a new connection. The receipts of one connection are recorded
    /// in the order they arrived (each waits for <paramref name="previous"/>): a <em>read</em> sent
    /// after a <em>displayed</em> is never committed before it (docs/native-protocol.md §5.5), so
    /// whoever sees <em>read</em> in the outbox sees <em>displayed</em> too.
    /// </summary>
    private async Task HandleReceiptAsync(ReceiptFrame frame, ReceiptAcceptor receipts, Task previous, CancellationToken cancellationToken)
    {
        await Task.Yield();
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            try
            {
                await receipts.AcceptAsync(_peerId, frame, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is StoreException or Microsoft.Data.Sqlite.SqliteException)
            {
                await FailAsync(frame.StreamId, NativeErrorCode.Internal, "this node could not record the receipt; retry later", cancellationToken).ConfigureAwait(false);
                return;
            }

            await SendAsync(new AckFrame(frame.StreamId), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TlsChannelException or OperationCanceledException)
        {
            // The connection went away before the ACK: the peer sends the receipt again (idempotent).
        }
        finally
        {
            CloseStream(frame.StreamId);
        }
    }

    /// <summary>A frame, or null after answering a malformed one with its ERROR (§4.1).</summary>
    private async Task<NativeFrame?> DecodeAsync(byte[] body, CancellationToken cancellationToken)
    {
        var result = NativeFrameCodec.Decode(body, _context.Limits.NativeMaxFrameLength);
        if (result.Status == NativeReadStatus.Frame && result.Frame is { } frame)
        {
            return frame;
        }

        var fault = result.Status == NativeReadStatus.Malformed
            ? result.Fault.ToErrorFrame()
            : new ErrorFrame(0, NativeErrorCode.Malformed, "a truncated frame");
        await FailAsync(fault.StreamId, fault.Code, fault.Reason, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task SendAsync(NativeFrame frame, CancellationToken cancellationToken)
    {
        if (!_failed)
        {
            await _channel.SendAsync(NativeFrameCodec.Encode(frame), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>ERROR is fatal (§3): sent once, nothing after it.</summary>
    private async Task FailAsync(uint stream, NativeErrorCode code, string reason, CancellationToken cancellationToken)
    {
        if (_failed)
        {
            return;
        }

        NativeSessionLog.ProtocolError(_context.Logger, _peer, _channel.RemoteEndPoint.ToString(), code.ToString(), reason);
        try
        {
            await _channel.SendAsync(NativeFrameCodec.Encode(new ErrorFrame(stream, code, reason)), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TlsChannelException or OperationCanceledException)
        {
            // the peer is gone already
        }

        _failed = true;
    }

    /// <summary>Outstanding requests are answered (CLOSING, §3) for at most <see cref="DaemonLimits.NativeGoodbyeDrain"/>.</summary>
    private async Task DrainAsync()
    {
        Task[] pending;
        lock (_requests)
        {
            pending = [.. _requests];
        }

        try
        {
            await Task.WhenAll(pending).WaitAsync(_context.Limits.NativeGoodbyeDrain, _context.Time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // the connection closes with them unanswered; the peer retries
        }
    }
}
