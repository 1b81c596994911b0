namespace Messngr.Daemon.Native;

/// <summary>How one native send ended (issue #13, items 6 and 8).</summary>
internal enum NativeSendOutcome
{
    /// <summary>The receiver answered <c>stored</c>: the message is on its disk.</summary>
    Delivered,

    /// <summary>The receiver answered <c>refused</c> (not here, expired, …): see the detail.</summary>
    Refused,

    /// <summary>Our trust policy refused the peer's key (unknown or changed), or the peer refused ours.</summary>
    Untrusted,

    /// <summary>No TCP connection, or it was lost before an answer.</summary>
    Unreachable,

    /// <summary>No answer within <see cref="Core.DaemonLimits.NativeSendTimeout"/>.</summary>
    TimedOut,

    /// <summary>The peer broke the protocol (ERROR, or a frame that makes no sense).</summary>
    ProtocolError,
}

/// <summary>The outcome of a native send, the peer's node id when the handshake told us, and why in words.</summary>
internal sealed record NativeSendResult(NativeSendOutcome Outcome, string? NodeId, string Detail)
{
    /// <summary>The receiver's reason when <see cref="Outcome"/> is <see cref="NativeSendOutcome.Refused"/> (docs/native-protocol.md §5.4); null otherwise.</summary>
    public Wire.Native.NativeRefusalReason? Reason { get; init; }
}
