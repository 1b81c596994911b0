using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Messngr.Daemon.Listeners;

/// <summary>
/// Which of our IPv4 addresses a peer reaches us on: the source address the kernel would pick
/// to answer it (a connected UDP socket's local end; no packet is sent). Used to put the right
/// address into name query responses when bound to 0.0.0.0 on a multi-homed host.
/// </summary>
/// <remarks>
/// The probe costs four system calls and a socket per call, which was most of the cost of a name
/// query answer (bench scenario 1), so answers are kept per peer for <see cref="CacheTime"/>; the
/// cache is bounded (<see cref="MaxCached"/>, emptied when full) so that spoofed sources cannot grow it.
/// </remarks>
internal static class LocalAddress
{
    public const int MaxCached = 1024;

    public static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(10);

    private static readonly ConcurrentDictionary<IPAddress, (IPAddress Local, long At)> Cache = new();

    public static IPAddress For(IPAddress bound, IPAddress peer)
    {
        if (!bound.Equals(IPAddress.Any))
        {
            return bound;
        }

        var now = Environment.TickCount64;
        if (Cache.TryGetValue(peer, out var cached) && now - cached.At < (long)CacheTime.TotalMilliseconds)
        {
            return cached.Local;
        }

        var local = Probe(peer);
        if (Cache.Count >= MaxCached)
        {
            Cache.Clear();
        }

        Cache[peer] = (local, now);
        return local;
    }

    private static IPAddress Probe(IPAddress peer)
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(new IPEndPoint(peer, 137));
            return (probe.LocalEndPoint as IPEndPoint)?.Address ?? IPAddress.Loopback;
        }
        catch (SocketException)
        {
            return IPAddress.Loopback;
        }
    }
}
