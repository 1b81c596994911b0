namespace Messngr.Wire.Native;

/// <summary>GOODBYE REASON (docs/native-protocol.md §5.7). Informational: unknown values are kept.</summary>
public enum NativeGoodbyeReason : ushort
{
    /// <summary>The sender is done with this connection.</summary>
    Closing = 0,

    /// <summary>The node is shutting down or restarting.</summary>
    ShuttingDown = 1,

    /// <summary>The connection was idle too long.</summary>
    Idle = 2,
}
