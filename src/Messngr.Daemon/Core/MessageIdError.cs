namespace Messngr.Daemon.Core;

/// <summary>Why a text or 16 bytes are not a <see cref="MessageId"/>.</summary>
internal enum MessageIdError
{
    None,

    /// <summary>Nothing was given.</summary>
    Empty,

    /// <summary>Not 36 characters (or not 16 bytes).</summary>
    WrongLength,

    /// <summary>Not 8-4-4-4-12 hexadecimal digits.</summary>
    Malformed,

    /// <summary>A UUID, but not version 7 (RFC 9562 §5.7).</summary>
    NotVersion7,

    /// <summary>A UUID whose variant is not 0b10 (RFC 9562 §4.1).</summary>
    WrongVariant,
}
