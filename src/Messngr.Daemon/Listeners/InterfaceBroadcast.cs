using System.Net;
using Messngr.Daemon.Names;

namespace Messngr.Daemon.Listeners;

/// <summary>
/// The subnet broadcast address the UDP 137 and 138 listeners must also hear when the daemon is
/// bound to one interface (<c>--interface</c>): Samba's <c>bind interfaces only</c> model, see
/// <see cref="UdpListener.BroadcastAddress"/>.
/// </summary>
internal static class InterfaceBroadcast
{
    /// <summary>
    /// The broadcast address of the interface holding <paramref name="bound"/>; null when bound to
    /// 0.0.0.0 (that socket hears broadcasts itself), when no interface holds the address, or when
    /// its link has no broadcast (/31, /32).
    /// </summary>
    public static IPAddress? For(IPAddress bound, INetworkInterfaces interfaces)
    {
        ArgumentNullException.ThrowIfNull(bound);
        ArgumentNullException.ThrowIfNull(interfaces);
        if (bound.Equals(IPAddress.Any))
        {
            return null;
        }

        return interfaces.Current().FirstOrDefault(i => i.Address.Equals(bound) && i.Broadcast is not null)?.Broadcast;
    }
}
