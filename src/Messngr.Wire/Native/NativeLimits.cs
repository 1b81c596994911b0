namespace Messngr.Wire.Native;

/// <summary>
/// Every limit of the native protocol, version 1 (docs/native-protocol.md §8). A reader checks
/// each length against the bytes left AND against these before it allocates anything.
/// </summary>
public static class NativeLimits
{
    /// <summary>The protocol version this codec speaks (the frame VERSION byte).</summary>
    public const byte Version1 = 1;

    /// <summary>LENGTH (4) + VERSION (1) + TYPE (1) + FLAGS (2) + STREAM ID (4).</summary>
    public const int HeaderLength = 12;

    /// <summary>The LENGTH prefix itself.</summary>
    public const int LengthPrefix = 4;

    /// <summary>Smallest LENGTH value: VERSION through STREAM ID with an empty payload.</summary>
    public const int MinFrameLength = HeaderLength - LengthPrefix;

    /// <summary>Hard maximum of the LENGTH value (256 KiB); no node accepts more.</summary>
    public const int MaxFrameLength = 256 * 1024;

    /// <summary>Smallest maximum frame size a node may advertise in HELLO (128 KiB): a largest MESSAGE fits.</summary>
    public const int MinAdvertisedFrameLength = 128 * 1024;

    /// <summary>MESSAGE TEXT: UTF-8 bytes.</summary>
    public const int MaxTextBytes = 64 * 1024;

    /// <summary>A user, recipient or node name: UTF-8 bytes (1..64).</summary>
    public const int MaxNameBytes = 64;

    /// <summary>MESSAGE CORRELATION KEY: UTF-8 bytes (0..128).</summary>
    public const int MaxCorrelationKeyBytes = 128;

    /// <summary>RECEIPT DETAIL, GOODBYE and ERROR REASON text: UTF-8 bytes (the u8 length's range).</summary>
    public const int MaxReasonBytes = 255;

    /// <summary>Names listed in HELLO / HELLO-ACK.</summary>
    public const int MaxHelloNames = 64;

    /// <summary>Versions listed in HELLO.</summary>
    public const int MaxVersions = 16;

    /// <summary>Largest MAX-IN-FLIGHT a node may advertise.</summary>
    public const int MaxInFlight = 4096;

    /// <summary>The MAX-IN-FLIGHT a node advertises by default: unanswered requests per connection.</summary>
    public const int DefaultMaxInFlight = 256;

    /// <summary>PING / PONG payload: 8 opaque bytes.</summary>
    public const int PingDataLength = 8;

    /// <summary>A UUIDv7 message id on the wire: 16 bytes, RFC 9562 byte order.</summary>
    public const int MessageIdLength = 16;
}
