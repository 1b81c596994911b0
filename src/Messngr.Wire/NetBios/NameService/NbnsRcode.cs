using System.Diagnostics.CodeAnalysis;

namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RFC 1002 4.2.6 ff. RCODE (FLAGS bits 0x000F), protocols.md §2.1. Members keep the RFC spelling.
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Members mirror the RFC 1002 RCODE names (style.md).")]
public enum NbnsRcode : byte
{
    /// <summary>No error (positive response).</summary>
    OK = 0,
    /// <summary>Format error: the request was not understood.</summary>
    FMT_ERR = 1,
    /// <summary>Server failure: the NBNS cannot process the request.</summary>
    SRV_ERR = 2,
    /// <summary>Name error: the name does not exist.</summary>
    NAM_ERR = 3,
    /// <summary>Unsupported request error.</summary>
    IMP_ERR = 4,
    /// <summary>Refused error (policy).</summary>
    RFS_ERR = 5,
    /// <summary>Active error: the name is owned by another node.</summary>
    ACT_ERR = 6,
    /// <summary>Name in conflict.</summary>
    CFT_ERR = 7,
}
