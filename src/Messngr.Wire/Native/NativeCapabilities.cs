namespace Messngr.Wire.Native;

/// <summary>
/// HELLO / HELLO-ACK CAPABILITIES bits (docs/native-protocol.md §5.1). A bit is an offer; bits
/// a reader does not know are ignored, never an error, so that newer nodes can add offers.
/// </summary>
[Flags]
public enum NativeCapabilities : uint
{
    None = 0,

    /// <summary>The node sends displayed and read receipts.</summary>
    DisplayReadReceipts = 1 << 0,

    /// <summary>The node shows sealed messages as an envelope until opened.</summary>
    Sealed = 1 << 1,
}
