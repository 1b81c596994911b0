using Messngr.Daemon.Core;
using Messngr.Daemon.Store;
using Messngr.Wire.Native;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Native;

/// <summary>
/// The sender's side of displayed/read receipts (issue #13, item 6; docs/native-protocol.md §5.4–5.5):
/// a RECEIPT request from a peer is recorded only when the message is in our outbox and the peer
/// is the node that stored it (<see cref="OutgoingMessage.NodeId"/>) — a node must not forge
/// receipts for messages it never got. Either way the session ACKs it (receipts are idempotent, and
/// the answer reveals nothing about our outbox); an ignored one is logged.
/// </summary>
/// <remarks>
/// The receiver may show the message and send <em>displayed</em> before our own record of its
/// <c>stored</c> answer (which names the node) is committed — that commit runs in the background,
/// and the sender may even be another process (<c>messngr send --native</c> without a daemon). A
/// receipt for a message still waiting for its delivery record (no node yet, attempts not ended)
/// therefore waits for that record, polling the store, at most <see cref="DaemonLimits.ReceiptDeliveryWait"/>.
/// </remarks>
internal sealed class ReceiptAcceptor(IMessageStore store, ILogger logger)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <summary>How long a receipt waits for the delivery record of its message (<see cref="DaemonLimits.ReceiptDeliveryWait"/>).</summary>
    public TimeSpan DeliveryWait { get; init; } = DaemonLimits.Default.ReceiptDeliveryWait;

    /// <summary>
    /// Records <paramref name="frame"/> (a displayed or read RECEIPT) from node <paramref name="peer"/>;
    /// true when it moved the message forward. Store failures are thrown: the caller must not ACK then.
    /// </summary>
    public async Task<bool> AcceptAsync(NodeId peer, ReceiptFrame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(frame);
        var state = frame.State switch
        {
            NativeReceiptState.Displayed => ReceiptState.Displayed,
            NativeReceiptState.Read => ReceiptState.Read,
            _ => throw new ArgumentException("only displayed and read receipts are requests", nameof(frame)),
        };
        var stateText = ReceiptStateText.Format(state);
        var id = NativeFrameCodec.FromWire(frame.MessageId);
        if (id is null)
        {
            ReceiptLog.Ignored(logger, stateText, frame.MessageId.ToString(), peer.ToString(), "not a UUIDv7 message id");
            return false;
        }

        var outgoing = await FindDeliveredAsync(id.Value, peer, stateText, cancellationToken).ConfigureAwait(false);
        var why = outgoing is null ? "no message this node sent has that id"
            : !NodeId.TryParse(outgoing.NodeId, out var storedBy) || !storedBy.Equals(peer) ? "that node is not the one the message was sent to"
            : null;
        if (why is not null)
        {
            ReceiptLog.Ignored(logger, stateText, id.Value.ToString(), peer.ToString(), why);
            return false;
        }

        // §5.5: the session ACKs only after this returns, i.e. after the state is committed.
        var recorded = store.RecordReceipt(new Receipt(id.Value, state, NativeFrameCodec.FromWire(frame.At), $"by node {peer}"));
        if (recorded)
        {
            ReceiptLog.Accepted(logger, stateText, id.Value.ToString(), peer.ToString());
        }

        return recorded;
    }

    /// <summary>The outbox entry of <paramref name="id"/>, once its delivery is recorded or its wait is over; null: none.</summary>
    private async Task<OutgoingMessage?> FindDeliveredAsync(MessageId id, NodeId peer, string stateText, CancellationToken cancellationToken)
    {
        var outgoing = store.FindOutgoing(id);
        if (!AwaitsDeliveryRecord(outgoing))
        {
            return outgoing;
        }

        ReceiptLog.WaitingForDelivery(logger, stateText, id.ToString(), peer.ToString());
        var deadline = Environment.TickCount64 + (long)DeliveryWait.TotalMilliseconds;
        while (AwaitsDeliveryRecord(outgoing) && Environment.TickCount64 < deadline)
        {
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            outgoing = store.FindOutgoing(id);
        }

        return outgoing;
    }

    /// <summary>In our outbox, no node recorded yet and its attempts not ended: a delivery may be committing right now.</summary>
    private static bool AwaitsDeliveryRecord(OutgoingMessage? outgoing) =>
        outgoing is { NodeId: null, NextAttemptAt: not null };
}
