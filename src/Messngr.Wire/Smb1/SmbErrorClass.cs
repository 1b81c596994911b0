using System.Diagnostics.CodeAnalysis;

namespace Messngr.Wire.Smb1;

/// <summary>[MS-CIFS] 2.2.1.4 SMBSTATUS ErrorClass values (protocols.md §6.6).</summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Spec spelling (style.md).")]
public enum SmbErrorClass : byte
{
    SUCCESS = 0x00,
    ERRDOS = 0x01,
    ERRSRV = 0x02,
    ERRHRD = 0x03,
    ERRCMD = 0xFF,
}
