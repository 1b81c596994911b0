namespace Messngr.Wire.Native;

/// <summary>
/// RECEIPT REASON for a refused message (docs/native-protocol.md §5.4). Values a reader does
/// not know are kept and treated as permanent.
/// </summary>
public enum NativeRefusalReason : ushort
{
    /// <summary>Not a refusal (every state but refused).</summary>
    None = 0,

    /// <summary>The recipient is not a name of this node ("not here"). Permanent.</summary>
    NotHere = 1,

    /// <summary>EXPIRES-AT has passed, or CREATED-AT is older than the receiver's dedupe window. Permanent.</summary>
    Expired = 2,

    /// <summary>The receiver's policy does not accept this sender or recipient. Permanent.</summary>
    Policy = 3,

    /// <summary>The receiver's store is full or failed. Temporary: retry with back-off.</summary>
    StorageFull = 4,

    /// <summary>The receiver is limiting this sender's rate. Temporary: retry with back-off.</summary>
    RateLimited = 5,

    /// <summary>A field is well formed but makes no sense (expires before created). Permanent.</summary>
    Invalid = 6,

    /// <summary>CREATED-AT is too far in the receiver's future. Temporary: the clocks must agree first.</summary>
    ClockSkew = 7,
}
