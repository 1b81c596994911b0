using System.Net;
using System.Net.Sockets;

namespace Messngr.Daemon.Listeners;

/// <summary>
/// Which of our IPv4 addresses a peer reaches us on: the source address the kernel would pick
/// to answer it (a connected UDP socket's local end; no packet is sent). Used to put the right
/// address into name query responses when bound to 0.0.0.0 on a multi-homed host.
/// </summary>
internal static class LocalAddress
{
    public static IPAddress For(IPAddress bound, IPAddress peer)
    {
        if (!bound.Equals(IPAddress.Any))
        {
            return bound;
        }

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
