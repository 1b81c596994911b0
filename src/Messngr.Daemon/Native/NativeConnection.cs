using Messngr.Daemon.Core;
using Messngr.Wire.Native;

namespace Messngr.Daemon.Native;

/// <summary>
/// The connecting side of one kept native connection (docs/native-protocol.md §3, §6; issue #13,
/// item 8): HELLO once however many sends race for it, then any number of requests pipelined —
/// each on its own odd stream id (§6.2), at most the peer's MAX-IN-FLIGHT unanswered (§6.3: a
/// request waits for a slot) — and one reader loop that hands each RECEIPT to the request of its
/// stream, in whatever order they come (§6.1). A RECEIPT for a stream with no request, a request
/// we do not take, or HELLO again is ERROR <c>protocol-violation</c>. ERROR from the peer, a
/// violation or the end of the connection fails every waiting request and drops the connection
/// from the pool; GOODBYE stops new requests here (the pool connects anew) while those outstanding
/// are still answered (CLOSING), then the connection is closed.
/// </summary>
/// <remarks>
/// Per message it costs little (issue #13, send2 item 3): a RECEIPT <i>stored</i> resumes its
/// waiting send on the reader itself, without a hop to another thread — the sender then only
/// queues its delivery record for the background group commit
/// (<c>SqliteMessageStore.RecordDeliveryAsync</c>) and the reader goes on; any other answer, and
/// every failure, resumes the send on the thread pool (it may block on a store write). A free
/// slot is taken without a linked token source; the peer's node id is worked out once.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification =
    "It lives as long as its channel (a ConditionalWeakTable entry); the semaphore's wait handle is never made and the token source has no timer, so nothing unmanaged is held.")]
internal sealed class NativeConnection
{
    private readonly IFrameChannel _channel;
    private readonly string _peerKey;
    private readonly TlsConnectionPool _pool;
    private readonly DaemonLimits _limits;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<uint, TaskCompletionSource<ReceiptFrame>> _pending = [];
    private readonly CancellationTokenSource _dead = new();
    private Task? _opening;
    private SemaphoreSlim? _slots;
    private uint _nextStream = 1;
    private string? _peerNodeId;
    private Exception? _failure;
    private bool _closing;
    private bool _forgotten;
    private int _closed;

    public NativeConnection(IFrameChannel channel, string peerKey, TlsConnectionPool pool, DaemonLimits limits, TimeProvider time)
    {
        _channel = channel;
        _peerKey = peerKey;
        _pool = pool;
        _limits = limits;
        _time = time;
    }

    /// <summary>The peer's node id (from its TLS certificate), worked out at the first use.</summary>
    public string PeerNodeId => _peerNodeId ??= NodeId.FromCertificate(_channel.PeerCertificate).ToString();

    /// <summary>The peer's MAX-IN-FLIGHT from its HELLO-ACK (0 until then).</summary>
    public int PeerMaxInFlight { get; private set; }

    /// <summary>Open (HELLO answered), neither failed nor closing.</summary>
    public bool IsUsable
    {
        get
        {
            lock (_lock)
            {
                return _slots is not null && _failure is null && !_closing && _channel.IsOpen;
            }
        }
    }

    /// <summary>HELLO and its HELLO-ACK, once per connection (§3 AWAIT-HELLO-ACK); every caller awaits the same exchange.</summary>
    public Task OpenAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _opening ??= Task.Run(GreetAsync, CancellationToken.None);
            return _opening.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Sends the request <paramref name="build"/> makes for a new stream id and returns the peer's
    /// answer on that stream; <paramref name="sent"/> runs once the frame is written.
    /// </summary>
    /// <exception cref="TlsChannelException">The connection was lost or closed (the request may or may not have arrived).</exception>
    /// <exception cref="NativeProtocolException">The peer broke the protocol or closed with ERROR.</exception>
    public async Task<ReceiptFrame> RequestAsync(Func<uint, NativeFrame> build, Action sent, CancellationToken cancellationToken)
    {
        var slots = _slots ?? throw new InvalidOperationException("the connection is not open (OpenAsync first)");
        if (!slots.Wait(0, CancellationToken.None))
        {
            // All MAX-IN-FLIGHT slots taken (§6.3): wait for one, or for the connection to fail.
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _dead.Token);
            try
            {
                await slots.WaitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw Failure();
            }
        }

        // Completed by the reader (Answer) with the send resuming right there; failures complete it on the thread pool (Fail).
        var answer = new TaskCompletionSource<ReceiptFrame>(TaskCreationOptions.None);
        uint stream;
        lock (_lock)
        {
            if (_failure is not null || _closing)
            {
                slots.Release();
                throw Failure();
            }

            stream = NextStream();
            _pending[stream] = answer;
        }

        ReadOnlyMemory<byte> frame;
        try
        {
            frame = NativeFrameCodec.Encode(build(stream));
        }
        catch (ArgumentException)
        {
            Abandon(stream); // a field beyond the wire's limits (§8): nothing was sent
            throw;
        }

        try
        {
            await _channel.SendAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Only the wait for the write lock is cancelled (IFrameChannel.SendAsync): nothing was written.
            Abandon(stream);
            throw;
        }
        catch (TlsChannelException ex)
        {
            Fail(ex);
            throw;
        }

        sent();
        // A caller that stops waiting leaves the stream open: the answer, when it comes, frees the slot.
        var receipt = await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (receipt.State != NativeReceiptState.Stored)
        {
            // Off the reader: what a refusal leads to (synchronous store writes) must not hold it.
            await Task.Yield();
        }

        return receipt;
    }

    /// <summary>Closes the connection: every waiting request fails with <paramref name="reason"/> (as a lost connection) and is retried by its sender.</summary>
    public void Abort(string reason) => Fail(new TlsChannelException(TlsChannelFailure.ConnectionLost, reason));

    /// <summary>GOODBYE (§5.7) when the connection is open and idle enough to say it; errors are ignored (we are leaving).</summary>
    public async Task GoodbyeAsync(NativeGoodbyeReason reason, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_slots is null || _failure is not null || _closing)
            {
                return;
            }

            _closing = true;
        }

        try
        {
            await _channel.SendAsync(NativeFrameCodec.Encode(new GoodbyeFrame(reason)), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TlsChannelException or OperationCanceledException)
        {
            // the peer is gone already
        }
    }

    private async Task GreetAsync()
    {
        using var deadline = new CancellationTokenSource(_limits.NativeHelloTimeout, _time);
        try
        {
            var offer = new NativeOffer(NativeFrameCodec.ToWire(_time.GetUtcNow()), _limits.NativeMaxFrameLength, _limits.NativeMaxInFlight, NativeCapabilities.None, []);
            await _channel.SendAsync(NativeFrameCodec.Encode(new HelloFrame([NativeLimits.Version1], offer)), deadline.Token).ConfigureAwait(false);
            var answer = await ReceiveAsync(deadline.Token).ConfigureAwait(false);
            switch (answer)
            {
                case HelloAckFrame { Version: NativeLimits.Version1 } ack:
                    lock (_lock)
                    {
                        PeerMaxInFlight = Math.Clamp(ack.Offer.MaxInFlight, 1, NativeLimits.MaxInFlight);
                        _slots = new SemaphoreSlim(PeerMaxInFlight, PeerMaxInFlight);
                    }

                    _ = Task.Run(ReadLoopAsync, CancellationToken.None);
                    return;
                case ErrorFrame error:
                    throw Fail(new NativeProtocolException($"the peer refused HELLO: ERROR {error.Code}: {Display.TerminalText.Sanitize(error.Reason)}"));
                default:
                    throw await ViolationAsync(answer.StreamId, $"the peer answered HELLO with {answer.Type}").ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            throw Fail(new TlsChannelException(TlsChannelFailure.ConnectionLost, $"no HELLO-ACK within {_limits.NativeHelloTimeout.TotalSeconds:0} s"));
        }
        catch (TlsChannelException ex)
        {
            throw Fail(ex);
        }
    }

    /// <summary>The one reader of this connection: answers to our requests, PING, GOODBYE, ERROR (§3 OPEN and CLOSING).</summary>
    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var frame = await ReceiveAsync(CancellationToken.None).ConfigureAwait(false);
                switch (frame)
                {
                    case ReceiptFrame { State: NativeReceiptState.Stored or NativeReceiptState.Refused } receipt when receipt.StreamId % 2 == 1:
                        if (!Answer(receipt))
                        {
                            throw await ViolationAsync(receipt.StreamId, $"a RECEIPT on stream {receipt.StreamId}, which has no request").ConfigureAwait(false);
                        }

                        break;
                    case PingFrame ping when ping.StreamId % 2 == 0:
                        await _channel.SendAsync(NativeFrameCodec.Encode(new PongFrame(ping.StreamId, ping.Data))).ConfigureAwait(false);
                        break;
                    case GoodbyeFrame:
                        Closing();
                        break;
                    case ErrorFrame error:
                        throw Fail(new NativeProtocolException($"the peer closed the connection with ERROR {error.Code}: {Display.TerminalText.Sanitize(error.Reason)}"));
                    default:
                        // A displayed/read RECEIPT request goes to a connection the peer opens to us
                        // (NativeSession takes it there); MESSAGE, HELLO and stray answers break §6.2.
                        throw await ViolationAsync(frame.StreamId, $"{frame.Type} on stream {frame.StreamId}, which this connection does not take").ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is TlsChannelException or NativeProtocolException)
        {
            Fail(ex);
        }
    }

    /// <summary>Hands the answer to the request of its stream and frees the slot; false when no request waits on that stream.</summary>
    private bool Answer(ReceiptFrame receipt)
    {
        TaskCompletionSource<ReceiptFrame>? waiting;
        bool drained;
        lock (_lock)
        {
            if (!_pending.Remove(receipt.StreamId, out waiting))
            {
                return false;
            }

            drained = _closing && _pending.Count == 0;
        }

        _slots!.Release();
        waiting.TrySetResult(receipt);
        if (drained)
        {
            CloseChannel(); // CLOSING and nothing outstanding: close (§3)
        }

        return true;
    }

    /// <summary>The peer said GOODBYE: no new requests here (the pool connects anew); outstanding ones are still answered.</summary>
    private void Closing()
    {
        bool drained;
        lock (_lock)
        {
            _closing = true;
            drained = _pending.Count == 0;
        }

        if (_pool.Forget(_peerKey, _channel))
        {
            Volatile.Write(ref _forgotten, true);
        }

        if (drained)
        {
            CloseChannel();
        }
    }

    /// <summary>Closes the channel: through the pool while it keeps it, else here (once).</summary>
    private void CloseChannel()
    {
        if (!Volatile.Read(ref _forgotten))
        {
            _pool.Drop(_peerKey, _channel);
        }
        else if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _ = _channel.DisposeAsync().AsTask();
        }
    }

    private void Abandon(uint stream)
    {
        lock (_lock)
        {
            _pending.Remove(stream);
        }

        _slots!.Release();
    }

    /// <summary>ERROR protocol-violation (§7 code 6) on <paramref name="stream"/>, then the connection fails; returns what callers see.</summary>
    private async Task<Exception> ViolationAsync(uint stream, string reason)
    {
        try
        {
            await _channel.SendAsync(NativeFrameCodec.Encode(new ErrorFrame(stream, NativeErrorCode.ProtocolViolation, reason))).ConfigureAwait(false);
        }
        catch (TlsChannelException)
        {
            // the connection is gone already
        }

        return Fail(new NativeProtocolException($"the peer broke the protocol: {reason}"));
    }

    /// <summary>Records the first failure, fails every waiting request with it and drops the connection from the pool (closing it).</summary>
    private Exception Fail(Exception failure)
    {
        List<TaskCompletionSource<ReceiptFrame>> waiting;
        lock (_lock)
        {
            if (_failure is not null)
            {
                return _failure;
            }

            _failure = failure;
            waiting = [.. _pending.Values];
            _pending.Clear();
        }

        _dead.Cancel();
        foreach (var request in waiting)
        {
            // On the thread pool: the failing thread may be the reader, or another send mid-write.
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Request.TrySetException(state.Failure), (Request: request, Failure: failure), preferLocal: false);
        }

        CloseChannel();
        return failure;
    }

    private Exception Failure()
    {
        lock (_lock)
        {
            return _failure ?? new TlsChannelException(TlsChannelFailure.Closed, "the peer said GOODBYE: this connection takes no new requests");
        }
    }

    /// <summary>An odd stream id (§6.2) not in use by another unanswered request (under the lock).</summary>
    private uint NextStream()
    {
        while (true)
        {
            var id = _nextStream;
            _nextStream = _nextStream >= uint.MaxValue - 2 ? 1 : _nextStream + 2;
            if (!_pending.ContainsKey(id))
            {
                return id;
            }
        }
    }

    private async Task<NativeFrame> ReceiveAsync(CancellationToken cancellationToken)
    {
        var body = await _channel.ReceiveAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new TlsChannelException(TlsChannelFailure.Closed, "the peer closed the connection");
        var result = NativeFrameCodec.Decode(body, _limits.NativeMaxFrameLength);
        if (result.Status == NativeReadStatus.Frame && result.Frame is { } frame)
        {
            return frame;
        }

        var fault = result.Status == NativeReadStatus.Malformed ? result.Fault.ToErrorFrame() : new ErrorFrame(0, NativeErrorCode.Malformed, "a truncated frame");
        try
        {
            await _channel.SendAsync(NativeFrameCodec.Encode(fault), CancellationToken.None).ConfigureAwait(false);
        }
        catch (TlsChannelException)
        {
            // the connection is gone already
        }

        throw new NativeProtocolException($"the peer sent a malformed frame ({fault.Code}: {fault.Reason})");
    }
}
