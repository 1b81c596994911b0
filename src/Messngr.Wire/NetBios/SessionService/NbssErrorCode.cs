namespace Messngr.Wire.NetBios.SessionService;

/// <summary>
/// RFC 1002 4.3.4 NEGATIVE SESSION RESPONSE error codes (protocols.md §5.1; Samba
/// <c>smb_constants.h</c>, Wireshark <c>nbss_error_codes</c>). Values outside this table are
/// read as they are (a refusal is a refusal).
/// </summary>
public enum NbssErrorCode : byte
{
    /// <summary>0x80: not listening on the called name.</summary>
    NotListeningOnCalledName = 0x80,

    /// <summary>0x81: not listening for the calling name.</summary>
    NotListeningForCallingName = 0x81,

    /// <summary>0x82: called name not present (what a Messenger answers for a name it does not own).</summary>
    CalledNameNotPresent = 0x82,

    /// <summary>0x83: called name present, but insufficient resources.</summary>
    CalledNameInsufficientResources = 0x83,

    /// <summary>0x8F: unspecified error.</summary>
    UnspecifiedError = 0x8F,
}
