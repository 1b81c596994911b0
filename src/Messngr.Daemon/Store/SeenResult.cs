namespace Messngr.Daemon.Store;

/// <summary>
/// What <see cref="IReceiptStore.RecordSeen"/> did: whether the state was new for the message, and
/// the oldest queued receipts it dropped to keep the queue within <see cref="Core.DaemonLimits.MaxQueuedReceipts"/>.
/// </summary>
internal sealed record SeenResult(bool Recorded, IReadOnlyList<QueuedReceipt> Dropped)
{
    public static readonly SeenResult AlreadyRecorded = new(false, []);
}
