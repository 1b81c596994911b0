using Messngr.Daemon.Core;
using Messngr.Daemon.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Native;

/// <summary>
/// The receiving side's <see cref="IReceiptReporter"/> (issue #13, item 6; docs/native-protocol.md
/// §5.4): records displayed_at / read_at on the stored message once (read implies displayed) and,
/// for a message a native node sent (its sender is <see cref="SenderIdentity.Native"/>), queues the
/// RECEIPT for that node in the same transaction and wakes the <see cref="ReceiptDispatcher"/>.
/// Classic senders cannot take receipts: their messages get the local record only, and so does
/// every message while the native transport is off (no <see cref="Dispatcher"/>).
/// </summary>
internal sealed class ReceiptReporter(IReceiptStore store, DaemonLimits limits, TimeProvider time, ILogger logger) : IReceiptReporter
{
    /// <summary>Sends what is queued; null (the native transport is off): nothing is queued.</summary>
    public ReceiptDispatcher? Dispatcher { get; init; }

    /// <exception cref="StoreException">The store could not record it (disk full, corrupt); nothing changed.</exception>
    public bool Report(StoredMessage message, ReceiptState state, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (state is not (ReceiptState.Displayed or ReceiptState.Read))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "a receiver reports displayed or read");
        }

        var m = message.Message;
        QueuedReceipt? receipt = null;
        if (Dispatcher is not null && m.Sender is SenderIdentity.Native native)
        {
            // Retried until the message expires, and never longer than ReceiptGiveUpAfter.
            var giveUp = at + limits.ReceiptGiveUpAfter;
            if (m.ExpiresAt is { } expires && expires < giveUp)
            {
                giveUp = expires;
            }

            receipt = new QueuedReceipt(m.MessageId, native.NodeId, state, at, m.Source.Address.ToString(), giveUp) { NextAttemptAt = time.GetUtcNow() };
        }

        SeenResult result;
        try
        {
            result = store.RecordSeen(message.Id, state, at, receipt);
        }
        catch (SqliteException ex)
        {
            throw new StoreException($"the message store cannot record the receipt: {SqliteMessageStore.Describe(ex)}", ex);
        }

        foreach (var dropped in result.Dropped)
        {
            ReceiptLog.Dropped(logger, limits.MaxQueuedReceipts, ReceiptStateText.Format(dropped.State), dropped.MessageId.ToString(), dropped.SenderNode);
        }

        if (result.Recorded && receipt is not null)
        {
            ReceiptLog.Queued(logger, ReceiptStateText.Format(state), m.MessageId.ToString(), receipt.SenderNode);
            Dispatcher!.Wake();
        }

        return result.Recorded;
    }
}
