using System.Net;
using Messngr.Daemon.Options;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Names;

/// <summary>
/// How the name service runs: the bound address, the peers' name service port, the optional WINS
/// server (P-node) and the RFC 1002 §6 timers. Broadcasts use the RFC's timing — 3 transmissions
/// 250 ms apart — rather than nmbd's coarse 1 s ticks (protocols.md §2.5, §2.9); unicast to WINS
/// uses [MS-NBTE] 3.1.2's 1.5 s instead of the RFC's 5 s.
/// </summary>
internal sealed record NameServiceSettings
{
    /// <summary>Address the UDP 137 socket is bound to; <see cref="IPAddress.Any"/> = every interface.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>UDP port of the peers' name service (RFC 1002 §6 NAME_SERVICE_UDP_PORT).</summary>
    public int Port { get; init; } = 137;

    /// <summary>The WINS server; when set we are a P-node (RFC 1002 §5.1.2), else a B-node.</summary>
    public IPEndPoint? WinsServer { get; init; }

    /// <summary>
    /// Broadcast destinations to use instead of the interfaces' (tests on loopback, which has no
    /// broadcast peer); null = from <see cref="INetworkInterfaces"/>.
    /// </summary>
    public IReadOnlyList<BroadcastTarget>? BroadcastTargets { get; init; }

    /// <summary>BCAST_REQ_RETRY_TIMEOUT (RFC 1002 §6).</summary>
    public TimeSpan BroadcastRetryTimeout { get; init; } = NetBiosTimers.BroadcastRetryTimeout;

    /// <summary>BCAST_REQ_RETRY_COUNT: transmissions of a broadcast request (RFC 1002 §6).</summary>
    public int BroadcastRetryCount { get; init; } = NetBiosTimers.BroadcastRetryCount;

    /// <summary>UCAST_REQ_RETRY_TIMEOUT ([MS-NBTE] 3.1.2: 1.5 s; the RFC's 5 s is a maximum).</summary>
    public TimeSpan UnicastRetryTimeout { get; init; } = NetBiosTimers.UnicastRetryTimeout;

    /// <summary>UCAST_REQ_RETRY_COUNT (RFC 1002 §6).</summary>
    public int UnicastRetryCount { get; init; } = NetBiosTimers.UnicastRetryCount;

    /// <summary>TTL asked of the WINS server: Samba's <c>max ttl</c>, 3 days (protocols.md §2.3); the server clamps it.</summary>
    public uint WinsRequestTtl { get; init; } = 259_200;

    /// <summary>Shortest refresh timeout: [MS-NBTE] 3.1.4.1 (5 minutes); also the retry after a silent WINS server.</summary>
    public TimeSpan MinimumRefresh { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest wait a WACK may impose (<see cref="NetBiosTimers.MaximumWack"/>).</summary>
    public TimeSpan MaximumWack { get; init; } = NetBiosTimers.MaximumWack;

    /// <summary>How often logged-on users are compared with the table.</summary>
    public TimeSpan UserSyncInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Aliases one non-root user may hold (<c>max aliases</c>); root is not limited.</summary>
    public int MaxAliasesPerUser { get; init; } = 8;

    /// <summary>
    /// The uid of the local account whose login name, as a NetBIOS name (upper-cased, 15
    /// characters), is the given name; null when none is. A user may not claim another account's
    /// name. Null here = no account database (tests).
    /// </summary>
    public Func<string, uint?>? AccountUid { get; init; }

    /// <summary>Whether node status lists the logged-on users' names (<see cref="ServeOptions.NodeStatusUsers"/>).</summary>
    public bool NodeStatusUsers { get; init; }

    /// <summary>Obey unsolicited NAME CONFLICT DEMANDs for unique names (<see cref="ServeOptions.NameReleaseOnDemand"/>).</summary>
    public bool NameReleaseOnDemand { get; init; }

    /// <summary>First NAME_TRN_ID (tests); null = random.</summary>
    public ushort? FirstTransactionId { get; init; }

    public static NameServiceSettings FromOptions(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new NameServiceSettings
        {
            BindAddress = options.BindAddress,
            Port = options.NameServicePort,
            WinsServer = options.WinsServer,
            MaxAliasesPerUser = options.MaxAliasesPerUser,
            NodeStatusUsers = options.NodeStatusUsers,
            NameReleaseOnDemand = options.NameReleaseOnDemand,
        };
    }
}
