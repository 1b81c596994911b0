namespace Messngr.Wire.DceRpc;

/// <summary>Outcome of <see cref="ClFragmentReassembler.Add"/>.</summary>
public enum ClReassemblyStatus
{
    /// <summary>The call's whole body is available (a single-datagram request completes at once).</summary>
    Complete,
    /// <summary>The fragment was kept; more are needed.</summary>
    NeedMore,
    /// <summary>A fragment already held (retransmission): ignored.</summary>
    Duplicate,
    /// <summary>A fragment of an older call of the activity (lower seqnum): ignored.</summary>
    Stale,
    /// <summary>The fragment contradicts the others (interface, opnum, drep, last fragment): the call is dropped.</summary>
    Inconsistent,
    /// <summary>A budget would be exceeded: the fragment (and, for per-activity limits, the call) is dropped.</summary>
    OverBudget,
    /// <summary>Not a request PDU.</summary>
    NotARequest,
}
