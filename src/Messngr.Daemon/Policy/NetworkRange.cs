using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace Messngr.Daemon.Policy;

/// <summary>An IPv4 network in CIDR form (<c>10.0.0.0/8</c>); a bare address is a /32.</summary>
internal readonly record struct NetworkRange(uint Network, int PrefixLength)
{
    private uint Mask => PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength);

    public static NetworkRange Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText.Trim(), out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"'{text}' is not an IPv4 network (like 192.168.1.0/24)");
        }

        var prefix = 32;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > 32))
        {
            throw new ArgumentException($"'{text}' has a bad prefix length (0-32)");
        }

        return FromAddress(address, prefix);
    }

    public static NetworkRange FromAddress(IPAddress address, int prefixLength)
    {
        var value = ToUInt32(address);
        var mask = prefixLength == 0 ? 0 : uint.MaxValue << (32 - prefixLength);
        return new NetworkRange(value & mask, prefixLength);
    }

    public bool Contains(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && Contains(ToUInt32(address));

    /// <summary>Whether the IPv4 address <paramref name="address"/> (host order, as <see cref="ToUInt32"/> gives it) is in this network.</summary>
    public bool Contains(uint address) => (address & Mask) == Network;

    public static uint ToUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, Network);
        return $"{new IPAddress(bytes)}/{PrefixLength}";
    }
}
