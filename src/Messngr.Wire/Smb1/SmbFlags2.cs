using System.Diagnostics.CodeAnalysis;

namespace Messngr.Wire.Smb1;

/// <summary>
/// [MS-CIFS] 2.2.3.1 SMB header Flags2 (protocols.md §6.1). Only <see cref="SMB_FLAGS2_NT_STATUS"/>
/// changes how a messaging SMB is read: it selects the Status format. Message strings are never
/// Unicode, whatever <see cref="SMB_FLAGS2_UNICODE"/> says ([MS-MSRP] 2.2.3).
/// </summary>
[Flags]
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Spec spelling (style.md).")]
public enum SmbFlags2 : ushort
{
    None = 0,
    SMB_FLAGS2_LONG_NAMES = 0x0001,
    SMB_FLAGS2_EAS = 0x0002,
    SMB_FLAGS2_SMB_SECURITY_SIGNATURE = 0x0004,
    SMB_FLAGS2_IS_LONG_NAME = 0x0040,
    SMB_FLAGS2_EXTENDED_SECURITY = 0x0800,
    SMB_FLAGS2_DFS = 0x1000,
    SMB_FLAGS2_PAGING_IO = 0x2000,
    /// <summary>0x4000: Status is a 32-bit NTSTATUS; clear: ErrorClass/Reserved/ErrorCode.</summary>
    SMB_FLAGS2_NT_STATUS = 0x4000,
    SMB_FLAGS2_UNICODE = 0x8000,
}
