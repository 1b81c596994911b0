using System.Net;
using System.Net.Sockets;
using Messngr.Daemon.Names;
using Messngr.Wire.NetBios;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Resolution;

/// <summary>
/// How <see cref="NameResolver"/> looks names up: the methods in order (Samba's
/// <c>name resolve order</c>), the WINS server, the lmhosts file, where broadcasts go and the
/// RFC 1002 §6 timers (protocols.md §2.9): broadcast BCAST_REQ_RETRY_TIMEOUT 250 ms ×
/// BCAST_REQ_RETRY_COUNT 3; unicast [MS-NBTE] 3.1.2's 1.5 s × UCAST_REQ_RETRY_COUNT 3.
/// </summary>
internal sealed record ResolutionSettings
{
    /// <summary>Samba's lmhosts location on Debian.</summary>
    public const string DefaultLmhostsPath = "/etc/samba/lmhosts";

    /// <summary>cache, broadcast, wins, lmhosts, dns: the local table first, then the wire, then files and DNS.</summary>
    public static readonly IReadOnlyList<ResolutionMethod> DefaultOrder =
        [ResolutionMethod.Cache, ResolutionMethod.Broadcast, ResolutionMethod.Wins, ResolutionMethod.Lmhosts, ResolutionMethod.Dns];

    public static ResolutionSettings Default { get; } = new();

    public IReadOnlyList<ResolutionMethod> Order { get; init; } = DefaultOrder;

    /// <summary>The WINS server (NBNS) asked by <see cref="ResolutionMethod.Wins"/>; null = that method is skipped.</summary>
    public IPEndPoint? WinsServer { get; init; }

    /// <summary>The lmhosts file; a missing file skips the method.</summary>
    public string LmhostsPath { get; init; } = DefaultLmhostsPath;

    /// <summary>Address the query socket binds to (port always ephemeral: a local daemon may own 137); Any = every interface.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>
    /// Where broadcast queries go; null = the broadcast address of every IPv4 interface that has
    /// one (of <see cref="BindAddress"/>'s interface only when it is not Any).
    /// </summary>
    public IReadOnlyList<IPAddress>? BroadcastAddresses { get; init; }

    /// <summary>The host's interfaces (tests replace them).</summary>
    public INetworkInterfaces Interfaces { get; init; } = SystemNetworkInterfaces.Instance;

    /// <summary>UDP port of the peers' name service (RFC 1002 §6 NAME_SERVICE_UDP_PORT).</summary>
    public int NameServicePort { get; init; } = 137;

    /// <summary>BCAST_REQ_RETRY_TIMEOUT (RFC 1002 §6).</summary>
    public TimeSpan BroadcastRetryTimeout { get; init; } = NetBiosTimers.BroadcastRetryTimeout;

    /// <summary>BCAST_REQ_RETRY_COUNT: transmissions of a broadcast query (RFC 1002 §6).</summary>
    public int BroadcastRetryCount { get; init; } = NetBiosTimers.BroadcastRetryCount;

    /// <summary>UCAST_REQ_RETRY_TIMEOUT ([MS-NBTE] 3.1.2: 1.5 s; the RFC's 5 s is a maximum).</summary>
    public TimeSpan UnicastRetryTimeout { get; init; } = NetBiosTimers.UnicastRetryTimeout;

    /// <summary>UCAST_REQ_RETRY_COUNT (RFC 1002 §6).</summary>
    public int UnicastRetryCount { get; init; } = NetBiosTimers.UnicastRetryCount;

    /// <summary>Longest wait a WACK may impose (<see cref="NetBiosTimers.MaximumWack"/>).</summary>
    public TimeSpan MaximumWack { get; init; } = NetBiosTimers.MaximumWack;

    /// <summary>How long the system resolver may take.</summary>
    public TimeSpan DnsTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>OEM code page of names in lmhosts (protocols.md §1.4); null = the default (850).</summary>
    public System.Text.Encoding? CodePage { get; init; }

    /// <summary>Our NetBIOS scope (<c>netbios scope</c>); names are asked for in it. Empty: none.</summary>
    public string Scope { get; init; } = string.Empty;

    /// <summary>
    /// The <see cref="ResolutionMethod.Cache"/> method: asks the local daemon (wired by the caller to
    /// the control socket). Null result or empty list = not known there; null delegate = skipped.
    /// </summary>
    public Func<NetBiosName, CancellationToken, Task<IReadOnlyList<IPAddress>?>>? Cache { get; init; }

    /// <summary>Every method waits at most <paramref name="total"/> in all: retransmissions split it evenly.</summary>
    public ResolutionSettings WithTimeout(TimeSpan total)
    {
        if (total <= TimeSpan.Zero)
        {
            throw new ArgumentException($"timeout must be positive, got {total.TotalSeconds} s", nameof(total));
        }

        return this with
        {
            BroadcastRetryTimeout = total / BroadcastRetryCount,
            UnicastRetryTimeout = total / UnicastRetryCount,
            DnsTimeout = total,
        };
    }

    /// <summary>The broadcast destinations (without port) for <see cref="ResolutionMethod.Broadcast"/>.</summary>
    public IReadOnlyList<IPAddress> CurrentBroadcastAddresses()
    {
        if (BroadcastAddresses is not null)
        {
            return BroadcastAddresses;
        }

        return CurrentInterfaces().Select(i => i.Broadcast).OfType<IPAddress>().Distinct().ToList();
    }

    /// <summary>The interfaces broadcasts go out on: every non-loopback one, or only <see cref="BindAddress"/>'s.</summary>
    public IReadOnlyList<NbnsInterface> CurrentInterfaces()
    {
        var all = Interfaces.Current();
        return BindAddress.Equals(IPAddress.Any)
            ? [.. all.Where(i => !i.IsLoopback)]
            : [.. all.Where(i => i.Address.Equals(BindAddress))];
    }

    /// <summary>
    /// Parses a resolve order like Samba's <c>name resolve order</c>: names separated by commas or
    /// spaces; <c>bcast</c>/<c>broadcast</c>, <c>wins</c>, <c>lmhosts</c>, <c>host</c>/<c>dns</c>, <c>cache</c>.
    /// </summary>
    public static IReadOnlyList<ResolutionMethod> ParseOrder(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var methods = new List<ResolutionMethod>();
        foreach (var token in value.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            ResolutionMethod method = token.ToUpperInvariant() switch
            {
                "CACHE" => ResolutionMethod.Cache,
                "BCAST" or "BROADCAST" => ResolutionMethod.Broadcast,
                "WINS" => ResolutionMethod.Wins,
                "LMHOSTS" => ResolutionMethod.Lmhosts,
                "HOST" or "HOSTS" or "DNS" => ResolutionMethod.Dns,
                _ => throw new ArgumentException($"unknown method '{token}' in the resolve order (use cache, bcast, wins, lmhosts, dns)"),
            };
            if (methods.Contains(method))
            {
                throw new ArgumentException($"'{token}' is given twice in the resolve order '{value}'");
            }

            methods.Add(method);
        }

        return methods.Count > 0 ? methods : throw new ArgumentException($"the resolve order '{value}' names no method");
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that cannot work.</summary>
    public void Validate()
    {
        if (Order.Count == 0)
        {
            throw new ArgumentException("resolve order names no method", nameof(Order));
        }

        if (NameServicePort is < 1 or > 65535)
        {
            throw new ArgumentException($"name service port must be 1-65535, got {NameServicePort}", nameof(NameServicePort));
        }

        if (BindAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"interface address must be IPv4, got '{BindAddress}'", nameof(BindAddress));
        }

        if (WinsServer is { } wins && wins.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"WINS server must be IPv4, got '{wins}'", nameof(WinsServer));
        }

        if (BroadcastRetryCount < 1 || UnicastRetryCount < 1 || BroadcastRetryTimeout <= TimeSpan.Zero || UnicastRetryTimeout <= TimeSpan.Zero || DnsTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("retry counts and timeouts must be positive");
        }
    }
}
