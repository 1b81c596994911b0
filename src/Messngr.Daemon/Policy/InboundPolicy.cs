using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Policy;

/// <summary>
/// Who may talk to the classic listeners (secure by default, DEVELOPERS brief): by default only
/// loopback and the networks of this host's own interfaces ("directly connected"); an explicit
/// <c>allow</c> list replaces that, a <c>deny</c> list always wins. Then per-source and global rate
/// limits. Checked before a single byte is parsed; a refused packet is counted and never answered.
/// Each listener gets its own rate budgets (<see cref="ForListener"/>): a UDP source can be spoofed,
/// a TCP one cannot, so a flood to one port must not cost a real sender its budget on another.
/// </summary>
internal sealed class InboundPolicy
{
    private static readonly TimeSpan LocalNetworksRefresh = TimeSpan.FromSeconds(30);

    private readonly ListenerCounters _counters;
    private readonly List<InboundPolicy> _listeners = [];
    private volatile Rules _rules;
    private volatile RateLimiter _rates;
    private readonly Func<IReadOnlyList<NetworkRange>> _localNetworks;
    private IReadOnlyList<NetworkRange> _local = [];
    private long _localRefreshedAt;
    private volatile bool _localLoaded;

    public InboundPolicy(IReadOnlyList<NetworkRange>? allow, IReadOnlyList<NetworkRange> deny, RateLimiter rates, ListenerCounters counters, Func<IReadOnlyList<NetworkRange>>? localNetworks = null)
    {
        _rules = new Rules(allow is { Count: > 0 } ? allow : null, deny);
        _rates = rates;
        _counters = counters;
        _localNetworks = localNetworks ?? DirectlyConnected;
    }

    /// <summary>
    /// The same allow and deny lists and counters with budgets of its own (an empty
    /// <see cref="RateLimiter"/> with the same limits): one per listener.
    /// </summary>
    public InboundPolicy ForListener()
    {
        var rules = _rules;
        var policy = new InboundPolicy(rules.Allow, rules.Deny, _rates.WithSameLimits(), _counters, _localNetworks);
        lock (_listeners)
        {
            _listeners.Add(policy);
        }

        return policy;
    }

    /// <summary>
    /// A reloaded configuration (SIGHUP): new allow and deny lists and rates for this policy and
    /// every listener's (<see cref="ForListener"/>). Budgets restart only when a rate changed.
    /// </summary>
    public void Reload(IReadOnlyList<NetworkRange>? allow, IReadOnlyList<NetworkRange> deny, double perSource, double global)
    {
        List<InboundPolicy> all;
        lock (_listeners)
        {
            all = [this, .. _listeners];
        }

        foreach (var policy in all)
        {
            policy._rules = new Rules(allow is { Count: > 0 } ? allow : null, deny);
            var rates = policy._rates;
            if (rates.PerSourceRate != perSource || rates.GlobalRate != global)
            {
                policy._rates = rates.WithLimits(perSource, global);
            }
        }
    }

    /// <summary>True when a packet or connection from <paramref name="source"/> may be processed.</summary>
    public bool Admit(IPAddress source)
    {
        if (source.IsIPv4MappedToIPv6)
        {
            source = source.MapToIPv4();
        }

        if (source.AddressFamily != AddressFamily.InterNetwork)
        {
            _counters.CountRejectedByPolicy();
            return false;
        }

        return Admit(NetworkRange.ToUInt32(source));
    }

    /// <summary>
    /// <see cref="Admit(IPAddress)"/> for an IPv4 source in host order. Allocates nothing, so a flood
    /// of refused datagrams costs no garbage (the UDP listeners call it before building an endpoint).
    /// </summary>
    public bool Admit(uint source)
    {
        if (!IsAllowed(source))
        {
            _counters.CountRejectedByPolicy();
            return false;
        }

        if (!_rates.TryAcquire(source, out _))
        {
            _counters.CountRateLimited();
            return false;
        }

        return true;
    }

    public bool IsAllowed(IPAddress source) =>
        source.AddressFamily == AddressFamily.InterNetwork && IsAllowed(NetworkRange.ToUInt32(source));

    private bool IsAllowed(uint source)
    {
        // Indexed loops: foreach over the IReadOnlyList interface would box an enumerator per packet.
        var rules = _rules;
        for (var i = 0; i < rules.Deny.Count; i++)
        {
            if (rules.Deny[i].Contains(source))
            {
                return false;
            }
        }

        var allowed = rules.Allow ?? LocalNetworks();
        for (var i = 0; i < allowed.Count; i++)
        {
            if (allowed[i].Contains(source))
            {
                return true;
            }
        }

        return false;
    }

    private IReadOnlyList<NetworkRange> LocalNetworks()
    {
        var now = Environment.TickCount64;
        if (!_localLoaded || now - Interlocked.Read(ref _localRefreshedAt) > LocalNetworksRefresh.TotalMilliseconds)
        {
            _local = _localNetworks();
            Interlocked.Exchange(ref _localRefreshedAt, now);
            _localLoaded = true;
        }

        return _local;
    }

    /// <summary>127.0.0.0/8 plus the IPv4 network of every interface that is up.</summary>
    public static IReadOnlyList<NetworkRange> DirectlyConnected()
    {
        var result = new List<NetworkRange> { new(0x7F000000, 8) };
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus is not (OperationalStatus.Up or OperationalStatus.Unknown))
            {
                continue;
            }

            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                if (unicast.Address.AddressFamily == AddressFamily.InterNetwork && unicast.PrefixLength is > 0 and <= 32)
                {
                    result.Add(NetworkRange.FromAddress(unicast.Address, unicast.PrefixLength));
                }
            }
        }

        return result;
    }

    /// <summary>The allow list (null: the directly connected networks) and the deny list, replaced together.</summary>
    private sealed record Rules(IReadOnlyList<NetworkRange>? Allow, IReadOnlyList<NetworkRange> Deny);
}
