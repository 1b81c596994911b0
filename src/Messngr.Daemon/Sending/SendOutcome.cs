namespace Messngr.Daemon.Sending;

/// <summary>What became of one message to one recipient; each maps to one exit code of <c>messngr send</c>.</summary>
public enum SendOutcome
{
    /// <summary>The receiver gave its positive reply (SMB success, NetrSendMessage NERR_Success).</summary>
    Delivered,

    /// <summary>A broadcast or group datagram went out; no confirmation is possible on that path.</summary>
    AcceptedForBroadcast,

    /// <summary>Resolution found no address for the name.</summary>
    NameNotFound,

    /// <summary>The receiver said no: negative session response, SMB error, RPC fault or error status.</summary>
    Refused,

    /// <summary>No connection: refused TCP connect, no route, ICMP unreachable.</summary>
    Unreachable,

    /// <summary>The receiver did not answer within the timeout.</summary>
    TimedOut,

    /// <summary>The receiver answered something that is not the protocol (garbage, wrong reply).</summary>
    ProtocolError,

    /// <summary>Native: the first attempt failed for a reason that may pass (node down); the daemon retries until the message expires.</summary>
    Queued,

    /// <summary>Native: the message expired before it could be stored (or the receiver refused it as expired).</summary>
    Expired,

    /// <summary>The request itself cannot be sent: text too long for the path, not in the code page, bad name.</summary>
    Invalid,
}
