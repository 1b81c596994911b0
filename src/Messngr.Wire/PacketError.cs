namespace Messngr.Wire;

/// <summary>Why a complete datagram or frame was rejected. Every codec root reports one of these.</summary>
public enum PacketError
{
    /// <summary>No error.</summary>
    None = 0,
    /// <summary>The input ended before a field the format requires.</summary>
    Truncated,
    /// <summary>A length or count field is larger than the bytes left or than the format's limit.</summary>
    LengthOutOfRange,
    /// <summary>A count field (names, records, strings) exceeds what the format or our budget allows.</summary>
    CountOutOfRange,
    /// <summary>A NetBIOS name label is not 32 characters of 'A'..'P', or a scope label is bad.</summary>
    BadNameEncoding,
    /// <summary>A label-compression pointer points forward, outside the message, or loops.</summary>
    BadPointer,
    /// <summary>An encoded name (with scope) is longer than 255 bytes.</summary>
    NameTooLong,
    /// <summary>A magic value (0xFF 'SMB', rpc_vers 4, …) is wrong.</summary>
    BadMagic,
    /// <summary>A type, opcode or command this codec does not know.</summary>
    UnknownType,
    /// <summary>A field holds a value the spec forbids (word count, buffer format, setup count, …).</summary>
    BadValue,
    /// <summary>A string has no terminating NUL inside its field.</summary>
    MissingTerminator,
    /// <summary>Bytes follow the end of a message whose format fixes its length.</summary>
    TrailingBytes,
    /// <summary>A well-formed packet of a kind this implementation does not handle (e.g. big-endian NDR floats).</summary>
    Unsupported,
    /// <summary>A string is not valid UTF-8, or holds characters its field forbids (native protocol).</summary>
    InvalidText,
}
