using Messngr.Daemon.Core;

namespace Messngr.Daemon.Native;

/// <summary>
/// The receiving side's receipts after <c>stored</c> (issue #13, item 6; docs/native-protocol.md
/// §5.4): a sink showed a message (<see cref="ReceiptState.Displayed"/>) or its user opened or
/// acknowledged it (<see cref="ReceiptState.Read"/>). The state is recorded on the stored message
/// and, for a message received natively, sent back to the sender's node as a RECEIPT request —
/// durably, repeated until the sender ACKs it. Classic messages only get the local record.
/// </summary>
internal interface IReceiptReporter
{
    /// <summary>
    /// Records <paramref name="state"/> (displayed or read) for <paramref name="message"/> at
    /// <paramref name="at"/>; false when it was already recorded (nothing is sent twice).
    /// </summary>
    bool Report(StoredMessage message, ReceiptState state, DateTimeOffset at);
}
