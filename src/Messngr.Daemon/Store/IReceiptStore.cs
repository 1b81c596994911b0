using Messngr.Daemon.Core;

namespace Messngr.Daemon.Store;

/// <summary>
/// The receiving side's receipts (issue #13, item 6): when a stored message was displayed and read,
/// and the durable queue of <c>displayed</c>/<c>read</c> RECEIPTs owed to the nodes that sent native
/// messages (docs/native-protocol.md §5.4–5.5). The queue holds at most
/// <see cref="DaemonLimits.MaxQueuedReceipts"/> receipts: a flood of messages cannot grow it without end.
/// </summary>
internal interface IReceiptStore
{
    /// <summary>
    /// In one transaction: records <paramref name="state"/> (displayed or read; read also sets
    /// displayed if it was not) at <paramref name="at"/> on the message with row id
    /// <paramref name="id"/> — once: not recorded when the state is already there or the message
    /// is gone — and, when it is recorded and <paramref name="receipt"/> is given, queues that
    /// receipt, dropping the oldest queued ones when the queue is full.
    /// </summary>
    SeenResult RecordSeen(long id, ReceiptState state, DateTimeOffset at, QueuedReceipt? receipt);

    /// <summary>
    /// At most <paramref name="limit"/> queued receipts of the nodes that have one due at
    /// <paramref name="now"/>: those due first (earliest due, then oldest), then the node's others.
    /// </summary>
    IReadOnlyList<QueuedReceipt> DueReceipts(DateTimeOffset now, int limit);

    /// <summary>Counts a failed attempt and plans the next; false when the receipt is no longer queued.</summary>
    bool RescheduleReceipt(QueuedReceipt receipt, DateTimeOffset nextAttemptAt, string error);

    /// <summary>Takes the receipt off the queue (ACKed by the sender's node, or given up); false when it was not there.</summary>
    bool RemoveReceipt(QueuedReceipt receipt);
}
