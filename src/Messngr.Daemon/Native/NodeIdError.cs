namespace Messngr.Daemon.Native;

/// <summary>Why a text is not a node id (<see cref="NodeIdFormatException.Error"/>).</summary>
internal enum NodeIdError
{
    /// <summary>Not 56 characters (with check characters) or 52 (without), once dashes and spaces are gone.</summary>
    Length,

    /// <summary>A character outside the base32 alphabet (A–Z, 2–7; 0, 1 and 8 are read as O, I and B).</summary>
    Character,

    /// <summary>A group's check character does not match: a typo in that group.</summary>
    CheckCharacter,

    /// <summary>The last base32 character carries bits past the 256 of a SHA-256 hash.</summary>
    TrailingBits,
}
