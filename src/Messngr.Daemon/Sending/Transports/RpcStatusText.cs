using Messngr.Wire.DceRpc;

namespace Messngr.Daemon.Sending.Transports;

/// <summary>
/// Names of NetrSendMessage return values ([MS-MSRP] 3.2.4.1, protocols.md §7.2) and of the
/// fault/reject statuses of CL DCE/RPC (protocols.md §7.7). Hand-written switches (AOT, no reflection).
/// </summary>
internal static class RpcStatusText
{
    /// <summary>"NERR_NameNotFound (2273)"; unknown values as "status 0x…".</summary>
    public static string Msrp(uint status)
    {
        var name = status switch
        {
            MsrpStatus.NERR_Success => "NERR_Success",
            MsrpStatus.ERROR_ACCESS_DENIED => "ERROR_ACCESS_DENIED",
            MsrpStatus.ERROR_NOT_SUPPORTED => "ERROR_NOT_SUPPORTED",
            MsrpStatus.ERROR_INVALID_PARAMETER => "ERROR_INVALID_PARAMETER",
            MsrpStatus.ERROR_INVALID_NAME => "ERROR_INVALID_NAME",
            MsrpStatus.NERR_NetworkError => "NERR_NetworkError",
            MsrpStatus.NERR_NameNotFound => "NERR_NameNotFound",
            MsrpStatus.NERR_AlreadyExists => "NERR_AlreadyExists",
            MsrpStatus.NERR_TooManyNames => "NERR_TooManyNames",
            MsrpStatus.NERR_DelComputerName => "NERR_DelComputerName",
            MsrpStatus.NERR_GrpMsgProcessor => "NERR_GrpMsgProcessor",
            MsrpStatus.NERR_PausedRemote => "NERR_PausedRemote",
            MsrpStatus.NERR_BadReceive => "NERR_BadReceive",
            MsrpStatus.NERR_NameInUse => "NERR_NameInUse",
            MsrpStatus.NERR_NotLocalName => "NERR_NotLocalName",
            MsrpStatus.NERR_TruncatedBroadcast => "NERR_TruncatedBroadcast",
            MsrpStatus.NERR_DuplicateName => "NERR_DuplicateName",
            MsrpStatus.NERR_IncompleteDel => "NERR_IncompleteDel",
            _ => null,
        };
        return name is null ? $"status 0x{status:X8} ({status})" : $"{name} ({status})";
    }

    /// <summary>"nca_s_unk_if (0x1C010003)"; unknown values as "status 0x…".</summary>
    public static string Nca(uint status)
    {
        var name = status switch
        {
            NcaStatus.nca_s_fault_other => "nca_s_fault_other",
            NcaStatus.nca_s_fault_access_denied => "nca_s_fault_access_denied",
            NcaStatus.nca_s_fault_ndr => "nca_s_fault_ndr",
            NcaStatus.nca_s_fault_cant_perform => "nca_s_fault_cant_perform",
            NcaStatus.nca_s_fault_invalid_bound => "nca_s_fault_invalid_bound",
            NcaStatus.nca_s_bad_actid => "nca_s_bad_actid",
            NcaStatus.nca_s_fault_remote_no_memory => "nca_s_fault_remote_no_memory",
            NcaStatus.nca_s_op_rng_error => "nca_s_op_rng_error",
            NcaStatus.nca_s_unk_if => "nca_s_unk_if",
            NcaStatus.nca_s_wrong_boot_time => "nca_s_wrong_boot_time",
            NcaStatus.nca_s_you_crashed => "nca_s_you_crashed",
            NcaStatus.nca_s_proto_error => "nca_s_proto_error",
            NcaStatus.nca_s_out_args_too_big => "nca_s_out_args_too_big",
            NcaStatus.nca_s_server_too_busy => "nca_s_server_too_busy",
            NcaStatus.nca_s_unsupported_type => "nca_s_unsupported_type",
            _ => null,
        };
        return name is null ? $"status 0x{status:X8}" : $"{name} (0x{status:X8})";
    }
}
