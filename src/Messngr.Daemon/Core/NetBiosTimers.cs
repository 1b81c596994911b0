namespace Messngr.Daemon.Core;

/// <summary>
/// The name service's timers and retry counts (RFC 1002 §6, with [MS-NBTE] 3.1.2's unicast
/// timeout), in one place for the daemon's registrar and for resolution in <c>send</c>/<c>lookup</c>,
/// which must agree on them (protocols.md §2.8).
/// </summary>
internal static class NetBiosTimers
{
    /// <summary>BCAST_REQ_RETRY_TIMEOUT (RFC 1002 §6).</summary>
    public static readonly TimeSpan BroadcastRetryTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>BCAST_REQ_RETRY_COUNT: transmissions of a broadcast request (RFC 1002 §6).</summary>
    public const int BroadcastRetryCount = 3;

    /// <summary>UCAST_REQ_RETRY_TIMEOUT ([MS-NBTE] 3.1.2: Windows uses 1.5 s; the RFC's 5 s is a maximum).</summary>
    public static readonly TimeSpan UnicastRetryTimeout = TimeSpan.FromMilliseconds(1500);

    /// <summary>UCAST_REQ_RETRY_COUNT (RFC 1002 §6).</summary>
    public const int UnicastRetryCount = 3;

    /// <summary>
    /// Longest wait a WAIT FOR ACKNOWLEDGEMENT (RFC 1002 §4.2.16) may impose: nmbd asks for 60 s
    /// (protocols.md §2.7); twice that is honoured, and a hostile TTL of days is cut to it.
    /// </summary>
    public static readonly TimeSpan MaximumWack = TimeSpan.FromMinutes(2);
}
