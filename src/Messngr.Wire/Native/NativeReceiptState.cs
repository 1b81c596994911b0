namespace Messngr.Wire.Native;

/// <summary>RECEIPT STATE byte (docs/native-protocol.md §5.4).</summary>
public enum NativeReceiptState : byte
{
    /// <summary>The receiver committed the message to its store (answers the MESSAGE).</summary>
    Stored = 1,

    /// <summary>A sink showed the message (unsolicited, answered by ACK).</summary>
    Displayed = 2,

    /// <summary>The user opened or acknowledged the message (unsolicited, answered by ACK).</summary>
    Read = 3,

    /// <summary>The receiver will not store the message; REASON says why (answers the MESSAGE).</summary>
    Refused = 4,
}
