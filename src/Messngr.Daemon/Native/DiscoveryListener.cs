using System.Net;
using Messngr.Daemon.Core;
using Messngr.Daemon.Listeners;
using Messngr.Wire.Native;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Native;

/// <summary>
/// The UDP socket of LAN discovery (docs/native-protocol.md §9; 2426/udp). Like the classic UDP
/// listeners it binds exclusively to the <c>--interface</c> address and also hears that
/// interface's subnet broadcasts (<see cref="UdpListener"/>); the inbound policy's per-source
/// rate limit runs before parsing. Each datagram is checked by <see cref="DiscoveryVerifier"/>;
/// an accepted ANNOUNCE updates the <see cref="PeerTable"/>, everything else is dropped and
/// counted, never answered. A PROBE for our names (or for everyone) makes us announce to the
/// broadcast destinations — never unicast to its source — at most once per
/// <see cref="DaemonLimits.DiscoveryProbeAnswerInterval"/> (§9.4).
/// </summary>
internal sealed class DiscoveryListener : UdpListener
{
    private readonly DiscoveryVerifier _verifier;
    private readonly DiscoveryAnnouncer _announcer;
    private readonly PeerTable _peers;
    private readonly DiscoveryCounters _discovery;
    private readonly NodeId _self;
    private readonly Func<IReadOnlyList<string>> _names;
    private readonly ushort _announcedPort;
    private readonly TimeProvider _time;
    private readonly Lock _sendLock = new();
    private DateTimeOffset _lastAnswer = DateTimeOffset.MinValue;

    public DiscoveryListener(IPEndPoint endPoint, NodeIdentity identity, ushort announcedPort, Func<IReadOnlyList<string>> names, PeerTable peers, DiscoveryCounters discovery, ListenerCounters counters, DaemonLimits limits, TimeProvider time, ILogger logger)
        : base("discovery", endPoint, counters, logger)
    {
        ArgumentNullException.ThrowIfNull(identity);
        _self = identity.Id;
        _announcer = new DiscoveryAnnouncer(identity.Certificate, time);
        _verifier = new DiscoveryVerifier(limits.DiscoveryReplayCapacity, time);
        _announcedPort = announcedPort;
        _names = names;
        _peers = peers;
        _discovery = discovery;
        _time = time;
        Limits = limits;
    }

    /// <summary>
    /// Bound to 0.0.0.0: the interfaces whose directed broadcast addresses each ANNOUNCE also goes
    /// to (§9.1; 255.255.255.255 alone needs a default route, which a LAN without a router may lack).
    /// </summary>
    public Names.INetworkInterfaces? Interfaces { get; init; }

    /// <summary>§9.2: a discovery datagram is at most 8 192 bytes.</summary>
    protected override int MaxDatagram => DiscoveryDatagram.MaxDatagramLength + 1;

    /// <summary>The names an ANNOUNCE built now would carry.</summary>
    public IReadOnlyList<string> AnnouncedNames() => [.. _names().Take(AnnounceDatagram.MaxNames)];

    /// <summary>Sends our ANNOUNCE to 255.255.255.255 and to the interface's directed broadcast address (§9.1).</summary>
    public void Announce()
    {
        if (IPAddress.IsLoopback(EndPoint.Address))
        {
            return; // --interface 127.0.0.1: no LAN to reach, and a broadcast must not leave by another route
        }

        byte[] bytes;
        lock (_sendLock)
        {
            bytes = _announcer.Build(_announcedPort, AnnouncedNames());
        }

        var port = BoundPort != 0 ? BoundPort : EndPoint.Port;
        var destinations = new HashSet<IPAddress> { IPAddress.Broadcast };
        if (BroadcastAddress is { } directed)
        {
            destinations.Add(directed);
        }
        else if (EndPoint.Address.Equals(IPAddress.Any) && Interfaces is not null)
        {
            destinations.UnionWith(Interfaces.Current().Where(i => i.Broadcast is not null && !IPAddress.IsLoopback(i.Address)).Select(i => i.Broadcast!));
        }

        foreach (var destination in destinations)
        {
            Reply(bytes, new IPEndPoint(destination, port));
        }
    }

    protected override void Handle(ReadOnlySpan<byte> datagram, IPEndPoint from)
    {
        var rejection = _verifier.Check(datagram, out var parsed, out var certificate);
        using (certificate)
        {
            if (rejection is { } reason)
            {
                _discovery.Reject(reason);
                return;
            }

            switch (parsed)
            {
                case AnnounceDatagram announce:
                    Accept(announce, from);
                    break;
                case ProbeDatagram probe:
                    Answer(probe);
                    break;
            }
        }
    }

    private void Accept(AnnounceDatagram announce, IPEndPoint from)
    {
        var id = NodeId.FromHash(announce.NodeId.AsSpan());
        if (id == _self)
        {
            return; // our own broadcast, looped back
        }

        if (_peers.Announced(id, announce.Names, from.Address, announce.Port))
        {
            _discovery.Accept();
        }
        else
        {
            _discovery.Reject(DiscoveryRejection.TableFull);
        }
    }

    private void Answer(ProbeDatagram probe)
    {
        _discovery.Probe();
        if (probe.Names.Length > 0)
        {
            var ours = _names();
            if (!probe.Names.Any(n => ours.Contains(n, StringComparer.OrdinalIgnoreCase)))
            {
                return;
            }
        }

        var now = _time.GetUtcNow();
        lock (_sendLock)
        {
            if (now - _lastAnswer < Limits.DiscoveryProbeAnswerInterval)
            {
                _discovery.Reject(DiscoveryRejection.RateLimited);
                return;
            }

            _lastAnswer = now;
        }

        Announce();
    }
}
