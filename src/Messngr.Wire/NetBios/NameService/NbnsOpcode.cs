namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RFC 1002 4.2.1.1 OPCODE (FLAGS bits 0x7800), protocols.md §2.1; 0xF from [MS-NBTE] 2.2.2.
/// </summary>
public enum NbnsOpcode : byte
{
    /// <summary>Name query and node status (the question type tells them apart).</summary>
    Query = 0,
    Registration = 5,
    Release = 6,
    /// <summary>Wait for acknowledgement (RFC 1002 4.2.16).</summary>
    Wack = 7,
    /// <summary>Refresh as RFC 1002's text says it; Samba and Windows NT send this one.</summary>
    Refresh = 8,
    /// <summary>Refresh as RFC 1002 4.2.4's diagram shows it; Samba accepts both (protocols.md §2.1).</summary>
    RefreshAlternate = 9,
    /// <summary>[MS-NBTE] 2.2.2 multi-homed name registration.</summary>
    MultiHomedRegistration = 0xF,
}
