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
internal sealed class ReceiptAcceptor(IMessageStore store, ILogger logger)
{
    /// <summary>
    /// Records <paramref name="frame"/> (a displayed or read RECEIPT) from node <paramref name="peer"/>;
    /// true when it moved the message forward. Store failures are thrown: the caller must not ACK then.
    /// </summary>
    public bool Accept(NodeId peer, ReceiptFrame frame)
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

        var outgoing = store.FindOutgoing(id.Value);
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
}
