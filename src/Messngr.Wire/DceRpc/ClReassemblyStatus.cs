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
    /// <summary>The call itself is larger than one call may be (fragments or bytes): the call is dropped.</summary>
    TooLarge,
    /// <summary>A shared budget (activities, sources, total bytes) would be exceeded: the fragment is dropped.</summary>
    OverBudget,
    /// <summary>A fragment of an activity being reassembled for another source: ignored, the call kept.</summary>
    OtherSource,
    /// <summary>Not a request PDU.</summary>
    NotARequest,
}
