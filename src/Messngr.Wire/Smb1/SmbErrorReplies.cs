namespace Messngr.Wire.Smb1;

/// <summary>
/// Error replies a Messenger server gives (protocols.md §6.6): header echoing the request,
/// Flags SMB_FLAGS_REPLY, an empty body (<c>00 0000</c>), and the status in the form the
/// client asked for — NTSTATUS if the request's Flags2 has 0x4000, else DOS class/code
/// (the pairs follow Samba's <c>errormap.c</c>).
/// </summary>
public static class SmbErrorReplies
{
    /// <summary>A reply carrying a DOS class/code (Flags2 0x4000 clear).</summary>
    public static SmbMessage Dos(SmbHeader request, SmbDosError error) =>
        new(SmbHeader.ForReply(request).WithDosError(error), SmbRawBody.Empty);

    /// <summary>A reply carrying an NTSTATUS (Flags2 0x4000 set).</summary>
    public static SmbMessage Nt(SmbHeader request, uint status) =>
        new(SmbHeader.ForReply(request).WithNtStatus(status), SmbRawBody.Empty);

    /// <summary>The Messenger is not receiving messages: ERRSRV/ERRmsgoff (0x52) or STATUS_REQUEST_NOT_ACCEPTED.</summary>
    public static SmbMessage NotReceiving(SmbHeader request) => Choose(request, SmbDosError.ERRmsgoff, NtStatus.STATUS_REQUEST_NOT_ACCEPTED);

    /// <summary>No room to buffer the message: ERRSRV/ERRnoroom (0x53) or STATUS_DISK_FULL.</summary>
    public static SmbMessage NoRoom(SmbHeader request) => Choose(request, SmbDosError.ERRnoroom, NtStatus.STATUS_DISK_FULL);

    /// <summary>The message server is paused: ERRSRV/ERRpaused (0x51) or STATUS_SHARING_PAUSED.</summary>
    public static SmbMessage Paused(SmbHeader request) => Choose(request, SmbDosError.ERRpaused, NtStatus.STATUS_SHARING_PAUSED);

    /// <summary>Too many remote user names: ERRSRV/ERRrmuns (0x57) or STATUS_TOO_MANY_NAMES.</summary>
    public static SmbMessage TooManyNames(SmbHeader request) => Choose(request, SmbDosError.ERRrmuns, NtStatus.STATUS_TOO_MANY_NAMES);

    /// <summary>
    /// A command the server does not handle: ERRSRV/0x0016 (Samba <c>ERRunknownsmb</c>) as smbd
    /// answers 0xD1–0xD4 (observed) — always as a DOS error, even to a client asking NT status, as
    /// smbd's <c>reply_unknown_new</c> forces it; our NEGOTIATE reply promises no CAP_STATUS32
    /// (issue #11 item 6). smbclient prints it as <c>ERRSRV:ERRunknownsmb</c>.
    /// </summary>
    public static SmbMessage UnknownCommand(SmbHeader request) => Dos(request, SmbDosError.ERRunknownsmb);

    /// <summary>smbd's refusal without a <c>message command</c>: ERRDOS/0x0047 or STATUS_REQUEST_NOT_ACCEPTED.</summary>
    public static SmbMessage RequestNotAccepted(SmbHeader request) => Choose(request, SmbDosError.ERROR_REQ_NOT_ACCEP, NtStatus.STATUS_REQUEST_NOT_ACCEPTED);

    /// <summary>0xD7/0xD6 without a matching 0xD5: ERRDOS/0x0057 or STATUS_INVALID_PARAMETER.</summary>
    public static SmbMessage InvalidParameter(SmbHeader request) => Choose(request, SmbDosError.ERROR_INVALID_PARAMETER, NtStatus.STATUS_INVALID_PARAMETER);

    private static SmbMessage Choose(SmbHeader request, SmbDosError dos, uint nt) =>
        request.UsesNtStatus ? Nt(request, nt) : Dos(request, dos);
}
