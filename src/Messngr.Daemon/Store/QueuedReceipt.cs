using Messngr.Daemon.Core;

namespace Messngr.Daemon.Store;

/// <summary>
/// A <c>displayed</c> or <c>read</c> RECEIPT this node (the receiver) owes the node that sent a
/// native message (issue #13, item 6; docs/native-protocol.md §5.4–5.5): kept in the durable queue
/// <c>receipts_out</c> until that node ACKs it or <see cref="GiveUpAt"/> passes.
/// </summary>
/// <param name="MessageId">The message the receipt is about.</param>
/// <param name="SenderNode">The sending node's id (text), the only node the receipt goes to.</param>
/// <param name="State"><see cref="ReceiptState.Displayed"/> or <see cref="ReceiptState.Read"/>.</param>
/// <param name="At">When this node reached the state (its clock; the RECEIPT's AT).</param>
/// <param name="Address">The address the message came from: where the sender's node is reached.</param>
/// <param name="GiveUpAt">No attempt after this: the message's expiry, at most 7 days after <paramref name="At"/>.</param>
internal sealed record QueuedReceipt(MessageId MessageId, string SenderNode, ReceiptState State, DateTimeOffset At, string Address, DateTimeOffset GiveUpAt)
{
    /// <summary>Attempts that failed so far.</summary>
    public int Attempts { get; init; }

    /// <summary>When to try (again).</summary>
    public DateTimeOffset NextAttemptAt { get; init; }

    /// <summary>Why the last attempt failed; null before the first.</summary>
    public string? LastError { get; init; }
}
