using Messngr.Wire.NetBios.SessionService;
using Messngr.Wire.Smb1;

namespace Messngr.Daemon.Sending.Transports;

/// <summary>
/// Human names for the refusals a Messenger peer gives: NBSS negative session response codes
/// (RFC 1002 4.3.4, protocols.md §5.1) and SMB status in either form (protocols.md §6.6, Samba
/// <c>doserr.h</c>/<c>smberr.c</c>; [MS-ERREF] 2.3.1). Written out by hand: no reflection (AOT).
/// </summary>
internal static class SmbStatusText
{
    /// <summary>"negative session response 0x82 (called name not present)".</summary>
    public static string NegativeSessionResponse(NbssErrorCode code) => code switch
    {
        NbssErrorCode.NotListeningOnCalledName => "negative session response 0x80 (not listening on called name)",
        NbssErrorCode.NotListeningForCallingName => "negative session response 0x81 (not listening for calling name)",
        NbssErrorCode.CalledNameNotPresent => "negative session response 0x82 (called name not present)",
        NbssErrorCode.CalledNameInsufficientResources => "negative session response 0x83 (called name present, but insufficient resources)",
        NbssErrorCode.UnspecifiedError => "negative session response 0x8F (unspecified error)",
        _ => $"negative session response 0x{(byte)code:X2} (unknown error code)",
    };

    /// <summary>"SMB error ERRSRV/ERRmsgoff (0x02/0x0052: not receiving messages)" or "SMB error STATUS_… (0xC00000D0)".</summary>
    public static string Error(SmbHeader header)
    {
        if (header.NtStatus is { } nt)
        {
            var name = NtStatusName(nt);
            return name is null ? $"SMB error NTSTATUS 0x{nt:X8}" : $"SMB error {name} (0x{nt:X8})";
        }

        var dos = header.DosError!.Value;
        var (code, meaning) = DosCodeName(dos);
        return $"SMB error {ClassName(dos.ErrorClass)}/{code ?? $"0x{dos.ErrorCode:X4}"} (0x{(byte)dos.ErrorClass:X2}/0x{dos.ErrorCode:X4}{(meaning is null ? "" : ": " + meaning)})";
    }

    private static string ClassName(SmbErrorClass errorClass) => errorClass switch
    {
        SmbErrorClass.SUCCESS => "SUCCESS",
        SmbErrorClass.ERRDOS => "ERRDOS",
        SmbErrorClass.ERRSRV => "ERRSRV",
        SmbErrorClass.ERRHRD => "ERRHRD",
        SmbErrorClass.ERRCMD => "ERRCMD",
        _ => $"class 0x{(byte)errorClass:X2}",
    };

    // protocols.md §6.6: the Messenger codes (ERRSRV 81–87) and what smbd answers.
    private static (string? Name, string? Meaning) DosCodeName(SmbDosError error) => (error.ErrorClass, error.ErrorCode) switch
    {
        (SmbErrorClass.ERRSRV, 0x0051) => ("ERRpaused", "message server paused"),
        (SmbErrorClass.ERRSRV, 0x0052) => ("ERRmsgoff", "not receiving messages"),
        (SmbErrorClass.ERRSRV, 0x0053) => ("ERRnoroom", "no room to buffer the message"),
        (SmbErrorClass.ERRSRV, 0x0057) => ("ERRrmuns", "too many remote user names"),
        (SmbErrorClass.ERRSRV, 0x0016) => ("ERRunknownsmb", "unknown SMB command"),
        (SmbErrorClass.ERRSRV, 0x0001) => ("ERRerror", "non-specific server error"),
        (SmbErrorClass.ERRSRV, 0x0002) => ("ERRbadpw", "bad password"),
        (SmbErrorClass.ERRSRV, 0x0004) => ("ERRaccess", "access denied"),
        (SmbErrorClass.ERRDOS, 0x0001) => ("ERRbadfunc", "invalid function"),
        (SmbErrorClass.ERRDOS, 0x0005) => ("ERRnoaccess", "access denied"),
        (SmbErrorClass.ERRDOS, 0x0047) => ("ERROR_REQ_NOT_ACCEP", "request not accepted; Samba without a message command"),
        (SmbErrorClass.ERRDOS, 0x0057) => ("ERROR_INVALID_PARAMETER", "invalid parameter"),
        _ => (null, null),
    };

    private static string? NtStatusName(uint status) => status switch
    {
        NtStatus.STATUS_NOT_IMPLEMENTED => "STATUS_NOT_IMPLEMENTED",
        NtStatus.STATUS_INVALID_PARAMETER => "STATUS_INVALID_PARAMETER",
        NtStatus.STATUS_DISK_FULL => "STATUS_DISK_FULL",
        NtStatus.STATUS_NOT_SUPPORTED => "STATUS_NOT_SUPPORTED",
        NtStatus.STATUS_TOO_MANY_NAMES => "STATUS_TOO_MANY_NAMES",
        NtStatus.STATUS_SHARING_PAUSED => "STATUS_SHARING_PAUSED",
        NtStatus.STATUS_REQUEST_NOT_ACCEPTED => "STATUS_REQUEST_NOT_ACCEPTED",
        0xC0000022 => "STATUS_ACCESS_DENIED",
        0xC00000CB => "STATUS_BAD_DEVICE_TYPE",
        0xC0000001 => "STATUS_UNSUCCESSFUL",
        _ => null,
    };
}
