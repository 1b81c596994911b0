namespace Messngr.Daemon.Core;

/// <summary>
/// What the sender knows about a message it sent (issue #13, item 6), in the order states are
/// reached. Each is recorded once with its time (<see cref="ReceiptStateText.Records"/>): the
/// receiver's states even when they arrive out of order, queued and sent only forward.
/// <see cref="Expired"/> and <see cref="Failed"/> end a message that was never stored.
/// </summary>
internal enum ReceiptState
{
    /// <summary>In the sender's outbox.</summary>
    Queued = 0,

    /// <summary>Written to a connection to the recipient's node.</summary>
    Sent = 1,

    /// <summary>The receiver committed it to disk.</summary>
    Stored = 2,

    /// <summary>A sink of the receiver showed it.</summary>
    Displayed = 3,

    /// <summary>The user opened or acknowledged it.</summary>
    Read = 4,

    /// <summary>Its expiry passed before it was stored.</summary>
    Expired = 5,

    /// <summary>The sender gave up (refused, or the recipient is unknown for good).</summary>
    Failed = 6,
}
