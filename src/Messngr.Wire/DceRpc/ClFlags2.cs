namespace Messngr.Wire.DceRpc;

/// <summary>
/// CL header flags2: C706 §12.5.3.1, Wireshark <c>PFCL2_*</c>, [MS-RPCE] §2.2.3.3, protocols.md §7.4.
/// Bits other than these must be zero; they are kept as received.
/// </summary>
[Flags]
public enum ClFlags2 : byte
{
    None = 0,
    /// <summary>0x01, reserved for implementations (DCE: forwarded, second packet).</summary>
    Reserved01 = 0x01,
    /// <summary>0x02, a cancel was pending at the call's start.</summary>
    CancelPending = 0x02,
    /// <summary>0x04, PF2_UNRELATED ([MS-RPCE] §2.2.3.3): a request unrelated to the activity's previous call.</summary>
    Unrelated = 0x04,
}
