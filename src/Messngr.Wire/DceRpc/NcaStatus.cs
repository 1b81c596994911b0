using System.Diagnostics.CodeAnalysis;

namespace Messngr.Wire.DceRpc;

/// <summary>
/// Status codes carried by fault and reject PDUs (<see cref="ClStatusBody"/>): C706 Appendix E,
/// Samba <c>librpc/idl/dcerpc.idl</c> (<c>DCERPC_NCA_S_*</c>), [MS-RPCE] §2.2.2.11 / Appendix for the
/// Windows values, and tshark 4.0.17's <c>dcerpc.dg_status</c> value table. Spec spelling kept.
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Names mirror the C706/[MS-RPCE] constants.")]
public static class NcaStatus
{
    /// <summary>Unspecified fault in the server.</summary>
    public const uint nca_s_fault_other = 0x00000001;

    public const uint nca_s_fault_access_denied = 0x00000005;

    /// <summary>The server could not unmarshal the stub (RPC_X_BAD_STUB_DATA, 1783).</summary>
    public const uint nca_s_fault_ndr = 0x000006F7;

    public const uint nca_s_fault_cant_perform = 0x000006D8;

    public const uint nca_s_fault_invalid_bound = 0x1C000007;

    public const uint nca_s_bad_actid = 0x1C00000A;

    public const uint nca_s_fault_remote_no_memory = 0x1C00001B;

    /// <summary>The server does not support the call's authentication (reject; Samba <c>dcerpc.idl</c>, DCE <c>rpc_s_unsupported_authn_level</c>).</summary>
    public const uint nca_s_unsupported_authn_level = 0x1C00001D;

    /// <summary>The opnum is not in the interface (reject).</summary>
    public const uint nca_s_op_rng_error = 0x1C010002;

    /// <summary>The server does not export the interface or version (reject).</summary>
    public const uint nca_s_unk_if = 0x1C010003;

    public const uint nca_s_wrong_boot_time = 0x1C010006;

    public const uint nca_s_you_crashed = 0x1C010009;

    /// <summary>A PDU violated the protocol (reject).</summary>
    public const uint nca_s_proto_error = 0x1C01000B;

    public const uint nca_s_out_args_too_big = 0x1C010013;

    public const uint nca_s_server_too_busy = 0x1C010014;

    /// <summary>The server does not support the data representation or type (reject; used for EBCDIC / non-IEEE drep).</summary>
    public const uint nca_s_unsupported_type = 0x1C010017;
}
