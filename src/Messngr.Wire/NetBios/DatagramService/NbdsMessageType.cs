using System.Diagnostics.CodeAnalysis;

namespace Messngr.Wire.NetBios.DatagramService;

/// <summary>
/// MSG_TYPE of a NetBIOS datagram service packet: RFC 1002 4.4.1 (protocols.md §3.1).
/// Members keep the RFC's spelling.
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Members mirror RFC 1002 4.4.1.")]
public enum NbdsMessageType : byte
{
    /// <summary>0x10: to a unique name, sent to its resolved address (RFC 1002 4.4.2).</summary>
    DIRECT_UNIQUE_DATAGRAM = 0x10,

    /// <summary>0x11: to a group name, usually sent to the broadcast address (RFC 1002 4.4.2).</summary>
    DIRECT_GROUP_DATAGRAM = 0x11,

    /// <summary>0x12: NetBIOS broadcast to every name (destination <c>*</c>) (RFC 1002 4.4.2).</summary>
    BROADCAST_DATAGRAM = 0x12,

    /// <summary>0x13: error reply, one ERROR_CODE byte (RFC 1002 4.4.3).</summary>
    DATAGRAM_ERROR = 0x13,

    /// <summary>0x14: asks the NBDD whether it can relay to a name (RFC 1002 4.4.4).</summary>
    DATAGRAM_QUERY_REQUEST = 0x14,

    /// <summary>0x15: the NBDD can relay (RFC 1002 4.4.4).</summary>
    DATAGRAM_POSITIVE_QUERY_RESPONSE = 0x15,

    /// <summary>0x16: the NBDD cannot relay (RFC 1002 4.4.4).</summary>
    DATAGRAM_NEGATIVE_QUERY_RESPONSE = 0x16,
}
