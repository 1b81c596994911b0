namespace Messngr.Wire.NetBios.SessionService;

/// <summary>
/// RFC 1002 4.3.1 session packet TYPE values (protocols.md §5.1). Names follow the RFC's
/// packet names ("SESSION MESSAGE", "POSITIVE SESSION RESPONSE", …).
/// </summary>
public enum NbssPacketType : byte
{
    /// <summary>RFC 1002 4.3.6: carries one SMB.</summary>
    SessionMessage = 0x00,

    /// <summary>RFC 1002 4.3.2: CALLED_NAME + CALLING_NAME.</summary>
    SessionRequest = 0x81,

    /// <summary>RFC 1002 4.3.3: no body.</summary>
    PositiveSessionResponse = 0x82,

    /// <summary>RFC 1002 4.3.4: one ERROR_CODE byte.</summary>
    NegativeSessionResponse = 0x83,

    /// <summary>RFC 1002 4.3.5: IPv4 address + port.</summary>
    RetargetSessionResponse = 0x84,

    /// <summary>RFC 1002 4.3.7: no body, either side, any time.</summary>
    SessionKeepAlive = 0x85,
}
