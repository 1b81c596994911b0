using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Messngr.Daemon.Names;

/// <summary>
/// IPv4 addresses of the interfaces that are up, from <see cref="NetworkInterface"/>: broadcast =
/// address | ~mask (RFC 919), none for /31 and /32 links.
/// </summary>
internal sealed class SystemNetworkInterfaces : INetworkInterfaces
{
    public static SystemNetworkInterfaces Instance { get; } = new();

    private static readonly PhysicalAddress NoMac = new(new byte[6]);

    public IReadOnlyList<NbnsInterface> Current()
    {
        var result = new List<NbnsInterface>();
        NetworkInterface[] interfaces;
        try
        {
            interfaces = NetworkInterface.GetAllNetworkInterfaces();
        }
        catch (NetworkInformationException)
        {
            return result;
        }

        foreach (var nic in interfaces)
        {
            if (nic.OperationalStatus is not (OperationalStatus.Up or OperationalStatus.Unknown))
            {
                continue;
            }

            var mac = nic.GetPhysicalAddress();
            if (mac.GetAddressBytes().Length != 6)
            {
                mac = NoMac;
            }

            var loopback = nic.NetworkInterfaceType == NetworkInterfaceType.Loopback;
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                if (unicast.Address.AddressFamily == AddressFamily.InterNetwork)
                {
                    result.Add(new NbnsInterface(unicast.Address, BroadcastOf(unicast.Address, unicast.IPv4Mask), mac, loopback));
                }
            }
        }

        return result;
    }

    /// <summary>The directed broadcast of <paramref name="address"/>/<paramref name="mask"/>, or null when the prefix is longer than 30 bits.</summary>
    public static IPAddress? BroadcastOf(IPAddress address, IPAddress? mask)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (mask is null || mask.AddressFamily != AddressFamily.InterNetwork)
        {
            return null;
        }

        var a = address.GetAddressBytes();
        var m = mask.GetAddressBytes();
        var hostBits = ~System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(m);
        if (hostBits < 3)
        {
            return null;
        }

        var b = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            b[i] = (byte)(a[i] | ~m[i]);
        }

        return new IPAddress(b);
    }
}
