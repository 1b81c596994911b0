using System.Net;
using System.Runtime.CompilerServices;
using Messngr.Daemon.Core;
using Messngr.Daemon.Store;
using Messngr.Wire.Native;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Native;

/// <summary>
/// Sends the queued displayed/read RECEIPTs to the nodes that sent the messages (issue #13, item 6;
/// docs/native-protocol.md §5.4–5.5, §6): each is a request on a connection this node opens as TLS
/// client — its own <see cref="TlsConnectionPool"/>, the node certificate, the peer judged by the
/// trust policy and required to be that very node (the pool's target host is its node id) — after
/// HELLO, on odd stream ids, pipelined up to the peer's MAX-IN-FLIGHT in the order the receiver
/// reached them (a node that is contacted gets every receipt queued for it, due or not); the nodes
/// of one pass are served at once. It goes to the address the message came from (the latest one, when a node's
/// messages came from several), at the port the peer table lists for that node (else 2426). A receipt leaves
/// the queue only when the node ACKs it; without a connection or an ACK it is retried with
/// exponential back-off (<see cref="DaemonLimits.ReceiptRetryInitial"/> doubling up to
/// <see cref="DaemonLimits.ReceiptRetryMax"/>) until its give-up time (the message's expiry, at
/// most <see cref="DaemonLimits.ReceiptGiveUpAfter"/>), then dropped and logged.
/// </summary>
internal sealed class ReceiptDispatcher(
    TlsConnectionPool pool,
    IReceiptStore store,
    Func<NodeId, ushort?> portOf,
    DaemonLimits limits,
    TimeProvider time,
    ILogger logger) : IAsyncDisposable
{
    /// <summary>The native port when the peer table does not list the node (docs/native-protocol.md §1).</summary>
    public const ushort DefaultPort = 2426;

    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly ConditionalWeakTable<IFrameChannel, Greeted> _greeted = [];

    /// <summary>Makes the loop look at the queue now (a receipt was queued).</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // already woken
        }
        catch (ObjectDisposedException)
        {
            // shutting down
        }
    }

    /// <summary>Until <paramref name="cancellationToken"/>: a pass whenever woken, and at least every <see cref="DaemonLimits.ReceiptPollInterval"/>.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(cancellationToken).ConfigureAwait(false);
                await _wake.WaitAsync(limits.ReceiptPollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException)
            {
                // The store failing (disk full) must not end the loop: the receipts stay queued.
                ReceiptLog.StoreFailed(logger, ex is Microsoft.Data.Sqlite.SqliteException sqlite ? SqliteMessageStore.Describe(sqlite) : ex.Message);
                try
                {
                    await Task.Delay(limits.ReceiptPollInterval, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One pass: every due receipt (at most <see cref="DaemonLimits.ReceiptBatch"/>) is sent once; returns how many were ACKed.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var due = store.DueReceipts(time.GetUtcNow(), limits.ReceiptBatch);
        // One connection (one reader) per node, the nodes at once: a node that is down or slow does
        // not hold back the others. A node is reached where its latest message came from.
        var sends = due.GroupBy(r => r.SenderNode, StringComparer.Ordinal)
            .Select(group => SendToNodeAsync(group.Key, group.MaxBy(r => r.At)!.Address, [.. InTheOrderReached(group)], cancellationToken));
        var acked = await Task.WhenAll(sends).ConfigureAwait(false);
        return acked.Sum();
    }

    /// <summary>
    /// The order the receiver reached them (its times; displayed before read at the same time), so
    /// a node that records them in arrival order (§5.5) never has read without displayed.
    /// </summary>
    private static IEnumerable<QueuedReceipt> InTheOrderReached(IEnumerable<QueuedReceipt> receipts) =>
        receipts.OrderBy(r => r.At).ThenBy(r => r.State);

    public async ValueTask DisposeAsync()
    {
        await pool.DisposeAsync().ConfigureAwait(false);
        _wake.Dispose();
    }

    private async Task<int> SendToNodeAsync(string node, string address, List<QueuedReceipt> receipts, CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (!NodeId.TryParse(node, out var nodeId) || !IPAddress.TryParse(address, out var ip))
        {
            GiveUp(receipts, "the node id or address is not valid");
            return 0;
        }

        var endPoint = new IPEndPoint(ip, portOf(nodeId) ?? DefaultPort);
        var waiting = new Queue<QueuedReceipt>(receipts);
        var pending = new Dictionary<uint, QueuedReceipt>();
        var acked = 0;
        IFrameChannel? channel = null;
        string? error = null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.ReceiptAckTimeout);
        try
        {
            // The target host is the node id: the verifier refuses any other node answering there.
            channel = await pool.GetAsync(node, endPoint, deadline.Token).ConfigureAwait(false);
            var greeted = await GreetAsync(channel, deadline.Token).ConfigureAwait(false);
            while (waiting.Count > 0 || pending.Count > 0)
            {
                while (waiting.Count > 0 && pending.Count < greeted.MaxInFlight)
                {
                    var receipt = waiting.Dequeue();
                    var stream = greeted.NextStream();
                    pending[stream] = receipt;
                    var state = receipt.State == ReceiptState.Read ? NativeReceiptState.Read : NativeReceiptState.Displayed;
                    var frame = new ReceiptFrame(stream, NativeFrameCodec.ToWire(receipt.MessageId), state, NativeRefusalReason.None, NativeFrameCodec.ToWire(receipt.At));
                    await channel.SendAsync(NativeFrameCodec.Encode(frame), deadline.Token).ConfigureAwait(false);
                }

                switch (await ReceiveAsync(channel, deadline.Token).ConfigureAwait(false))
                {
                    case AckFrame ack when pending.Remove(ack.StreamId, out var done):
                        // §5.5: the sender committed it; only now does it leave our queue.
                        store.RemoveReceipt(done);
                        ReceiptLog.Acked(logger, ReceiptStateText.Format(done.State), done.MessageId.ToString(), node);
                        acked++;
                        break;
                    case ErrorFrame err:
                        throw new NativeProtocolException($"the node closed the connection with ERROR {err.Code}: {Display.TerminalText.Sanitize(err.Reason)}");
                    case GoodbyeFrame:
                        throw new TlsChannelException(TlsChannelFailure.Closed, "the node said GOODBYE before answering");
                    case var other:
                        throw new NativeProtocolException($"unexpected {other.Type} on stream {other.StreamId} while waiting for ACKs");
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"no ACK from {endPoint} within {limits.ReceiptAckTimeout.TotalSeconds:0} s";
        }
        catch (TlsChannelException ex)
        {
            error = ex.Message;
        }
        catch (NativeProtocolException ex)
        {
            error = ex.Message;
        }

        if (error is not null)
        {
            if (channel is not null)
            {
                pool.Drop(node, channel); // a connection in an unknown state is not reused
            }

            Retry([.. pending.Values, .. waiting], endPoint.ToString(), error);
        }

        return acked;
    }

    private async Task<Greeted> GreetAsync(IFrameChannel channel, CancellationToken cancellationToken)
    {
        if (_greeted.TryGetValue(channel, out var known))
        {
            return known;
        }

        var offer = new NativeOffer(NativeFrameCodec.ToWire(time.GetUtcNow()), limits.NativeMaxFrameLength, limits.NativeMaxInFlight, NativeCapabilities.DisplayReadReceipts, []);
        await channel.SendAsync(NativeFrameCodec.Encode(new HelloFrame([NativeLimits.Version1], offer)), cancellationToken).ConfigureAwait(false);
        var answer = await ReceiveAsync(channel, cancellationToken).ConfigureAwait(false);
        if (answer is not HelloAckFrame { Version: NativeLimits.Version1 } ack)
        {
            throw new NativeProtocolException(answer is ErrorFrame error ? $"the node refused HELLO: {error.Code}" : $"the node answered HELLO with {answer.Type}");
        }

        var greeted = new Greeted(ack.Offer.MaxInFlight);
        _greeted.AddOrUpdate(channel, greeted);
        return greeted;
    }

    private static async Task<NativeFrame> ReceiveAsync(IFrameChannel channel, CancellationToken cancellationToken)
    {
        var body = await channel.ReceiveAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new TlsChannelException(TlsChannelFailure.Closed, "the node closed the connection");
        var result = NativeFrameCodec.Decode(body, NativeLimits.MaxFrameLength);
        return result.Status == NativeReadStatus.Frame && result.Frame is { } frame
            ? frame
            : throw new NativeProtocolException($"the node sent a malformed frame ({result.Fault.Reason})");
    }

    /// <summary>Plans the next attempt of each receipt (back-off), or gives it up once its time has come.</summary>
    private void Retry(IEnumerable<QueuedReceipt> receipts, string target, string error)
    {
        var now = time.GetUtcNow();
        foreach (var receipt in receipts)
        {
            if (now >= receipt.GiveUpAt)
            {
                GiveUp([receipt], error);
                continue;
            }

            var next = now + Backoff(receipt.Attempts);
            store.RescheduleReceipt(receipt, next, error);
            ReceiptLog.Retrying(logger, ReceiptStateText.Format(receipt.State), receipt.MessageId.ToString(), receipt.SenderNode, target, receipt.Attempts + 1, next, error);
        }
    }

    private void GiveUp(IEnumerable<QueuedReceipt> receipts, string error)
    {
        foreach (var receipt in receipts)
        {
            store.RemoveReceipt(receipt);
            ReceiptLog.GaveUp(logger, ReceiptStateText.Format(receipt.State), receipt.MessageId.ToString(), receipt.SenderNode, receipt.Attempts + 1, error);
        }
    }

    /// <summary>The initial delay doubled per failed attempt, at most the maximum.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var delay = limits.ReceiptRetryInitial;
        for (var i = 0; i < attempts && delay < limits.ReceiptRetryMax; i++)
        {
            delay *= 2;
        }

        return delay < limits.ReceiptRetryMax ? delay : limits.ReceiptRetryMax;
    }

    /// <summary>A connection after HELLO: the peer's MAX-IN-FLIGHT (§6.3) and our odd stream ids (§6.2).</summary>
    private sealed class Greeted(int maxInFlight)
    {
        private uint _next = 1;

        public int MaxInFlight { get; } = maxInFlight;

        public uint NextStream()
        {
            var id = _next;
            _next = _next >= uint.MaxValue - 2 ? 1 : _next + 2;
            return id;
        }
    }
}
