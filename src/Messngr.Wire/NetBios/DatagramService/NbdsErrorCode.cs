using System.Diagnostics.CodeAnalysis;

namespace Messngr.Wire.NetBios.DatagramService;

/// <summary>
/// ERROR_CODE of a DATAGRAM ERROR packet: RFC 1002 4.4.3 (protocols.md §3.1).
/// Members keep the RFC's spelling.
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Members mirror RFC 1002 4.4.3.")]
public enum NbdsErrorCode : byte
{
    /// <summary>0x82: the destination name is not present.</summary>
    DESTINATION_NAME_NOT_PRESENT = 0x82,

    /// <summary>0x83: the source name is not in a valid format.</summary>
    INVALID_SOURCE_NAME_FORMAT = 0x83,

    /// <summary>0x84: the destination name is not in a valid format.</summary>
    INVALID_DESTINATION_NAME_FORMAT = 0x84,
}
