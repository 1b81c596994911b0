using System.Diagnostics.CodeAnalysis;

namespace Messngr.Wire.Smb1;

/// <summary>
/// [MS-CIFS] 2.2.1.4 SMBSTATUS as a class/code pair (the Status field when Flags2 lacks
/// SMB_FLAGS2_NT_STATUS): ErrorClass at offset 5, a reserved byte, ErrorCode (LE) at 7.
/// The named values are the ones a Messenger gives (protocols.md §6.6).
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Spec spelling (style.md).")]
public readonly record struct SmbDosError(SmbErrorClass ErrorClass, ushort ErrorCode)
{
    public static SmbDosError Success => default;

    /// <summary>ERRSRV 0x0051: message server paused.</summary>
    public static SmbDosError ERRpaused => new(SmbErrorClass.ERRSRV, 0x0051);

    /// <summary>ERRSRV 0x0052: not receiving messages (Samba maps it to NT_STATUS_REQUEST_NOT_ACCEPTED).</summary>
    public static SmbDosError ERRmsgoff => new(SmbErrorClass.ERRSRV, 0x0052);

    /// <summary>ERRSRV 0x0053: no room to buffer the message (Samba: NT_STATUS_DISK_FULL).</summary>
    public static SmbDosError ERRnoroom => new(SmbErrorClass.ERRSRV, 0x0053);

    /// <summary>ERRSRV 0x0057: too many remote user names.</summary>
    public static SmbDosError ERRrmuns => new(SmbErrorClass.ERRSRV, 0x0057);

    /// <summary>ERRSRV 0x0016: unknown SMB; what smbd answers to 0xD1–0xD4 (Samba <c>ERRunknownsmb</c>, observed).</summary>
    public static SmbDosError ERRunknownsmb => new(SmbErrorClass.ERRSRV, 0x0016);

    /// <summary>ERRDOS 0x0047 (ERROR_REQ_NOT_ACCEP): smbd's reply when no <c>message command</c> is set (observed).</summary>
    public static SmbDosError ERROR_REQ_NOT_ACCEP => new(SmbErrorClass.ERRDOS, 0x0047);

    /// <summary>ERRDOS 0x0057 (ERROR_INVALID_PARAMETER): 0xD7/0xD6 without a 0xD5 first.</summary>
    public static SmbDosError ERROR_INVALID_PARAMETER => new(SmbErrorClass.ERRDOS, 0x0057);

    /// <summary>The 32-bit Status field value (reserved byte zero).</summary>
    public uint ToStatus() => (uint)ErrorClass | ((uint)ErrorCode << 16);

    /// <summary>Splits a Status field read with SMB_FLAGS2_NT_STATUS clear (the reserved byte is ignored).</summary>
    public static SmbDosError FromStatus(uint status) => new((SmbErrorClass)(byte)status, (ushort)(status >> 16));

    public override string ToString() => $"{ErrorClass}/0x{ErrorCode:x4}";
}
