namespace Messngr.Wire.Native;

/// <summary>
/// ERROR frame codes (docs/native-protocol.md §7). Every ERROR ends the connection. Codes a
/// reader does not know are kept as they are: an ERROR is an ERROR.
/// </summary>
public enum NativeErrorCode : ushort
{
    /// <summary>A frame is not well formed (a field ends early, a reserved bit is set, …).</summary>
    Malformed = 1,

    /// <summary>The frame's VERSION byte is not one this node speaks.</summary>
    UnsupportedVersion = 2,

    /// <summary>The frame's TYPE byte is not defined in the version in use.</summary>
    UnknownType = 3,

    /// <summary>The LENGTH prefix exceeds the receiver's maximum frame size.</summary>
    FrameTooLarge = 4,

    /// <summary>A string is not valid UTF-8 or holds characters its field forbids.</summary>
    InvalidText = 5,

    /// <summary>A well-formed frame arrived in the wrong state or with a wrong stream id.</summary>
    ProtocolViolation = 6,

    /// <summary>The peer sent more unanswered requests than the receiver's max-in-flight.</summary>
    TooManyInFlight = 7,

    /// <summary>HELLO listed no protocol version the accepting node speaks.</summary>
    NoCommonVersion = 8,

    /// <summary>HELLO did not arrive in time, or a frame stalled half-way.</summary>
    Timeout = 9,

    /// <summary>The sender failed internally; the peer may retry on a new connection.</summary>
    Internal = 10,

    /// <summary>A length or count field is larger than its limit (§8).</summary>
    LimitExceeded = 11,
}
