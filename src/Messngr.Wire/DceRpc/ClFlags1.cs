namespace Messngr.Wire.DceRpc;

/// <summary>
/// CL header flags1: C706 §12.5.3.1, Wireshark <c>PFCL1_*</c>, protocols.md §7.4.
/// NetrSendMessage clients send <see cref="Idempotent"/> | <see cref="NoFack"/> (0x28).
/// </summary>
[Flags]
public enum ClFlags1 : byte
{
    None = 0,
    /// <summary>0x01, reserved for implementations (DCE: forwarded).</summary>
    Reserved01 = 0x01,
    /// <summary>0x02, last fragment of a fragmented body.</summary>
    LastFragment = 0x02,
    /// <summary>0x04, the body is one fragment of a larger one.</summary>
    Fragment = 0x04,
    /// <summary>0x08, the sender does not want a fack for this fragment.</summary>
    NoFack = 0x08,
    /// <summary>0x10, "maybe" semantics: no response wanted.</summary>
    Maybe = 0x10,
    /// <summary>0x20, the call may run more than once (avoids the conv_who_are_you callback, §7.7).</summary>
    Idempotent = 0x20,
    /// <summary>0x40, broadcast call.</summary>
    Broadcast = 0x40,
    /// <summary>0x80, reserved for implementations.</summary>
    Reserved80 = 0x80,
}
