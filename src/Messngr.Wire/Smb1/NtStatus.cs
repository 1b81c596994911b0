using System.Diagnostics.CodeAnalysis;

namespace Messngr.Wire.Smb1;

/// <summary>
/// [MS-ERREF] 2.3.1 NTSTATUS values a Messenger sends or meets (Status field with
/// SMB_FLAGS2_NT_STATUS set). Pairs with <see cref="SmbDosError"/> follow Samba's
/// <c>errormap.c</c> (protocols.md §6.6).
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Spec spelling (style.md).")]
public static class NtStatus
{
    public const uint STATUS_SUCCESS = 0x00000000;
    public const uint STATUS_NOT_IMPLEMENTED = 0xC0000002;
    public const uint STATUS_INVALID_PARAMETER = 0xC000000D;
    public const uint STATUS_DISK_FULL = 0xC000007F;
    public const uint STATUS_NOT_SUPPORTED = 0xC00000BB;
    public const uint STATUS_TOO_MANY_NAMES = 0xC00000CD;
    public const uint STATUS_SHARING_PAUSED = 0xC00000CF;
    public const uint STATUS_REQUEST_NOT_ACCEPTED = 0xC00000D0;
}
