using System.Net;
using System.Net.Sockets;

namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RFC 1002 4.2.2 ADDR_ENTRY of NB RDATA (6 bytes), protocols.md §2.2: <c>NB_FLAGS(2) NB_ADDRESS(4, IPv4)</c>.
/// </summary>
public sealed record NbAddressEntry : IWirePacket<NbAddressEntry>
{
    public const int Length = 6;

    public NbAddressEntry(NbFlags flags, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"NB_ADDRESS must be IPv4, got '{address}'", nameof(address));
        }

        Flags = flags;
        Address = address;
    }

    public NbFlags Flags { get; }

    public IPAddress Address { get; }

    public int EncodedLength => Length;

    public static NbAddressEntry Read(ref WireReader reader)
    {
        var flags = new NbFlags(reader.ReadUInt16BigEndian());
        return new NbAddressEntry(flags, new IPAddress(reader.ReadBytes(4)));
    }

    public void Write(ref WireWriter writer)
    {
        writer.WriteUInt16BigEndian(Flags.Value);
        WriteIPv4(ref writer, Address);
    }

    internal static void WriteIPv4(ref WireWriter writer, IPAddress address)
    {
        if (!address.TryWriteBytes(writer.Reserve(4), out var written) || written != 4)
        {
            throw new InvalidOperationException($"'{address}' is not an IPv4 address");
        }
    }

    public override string ToString() => $"{Flags} {Address}";
}
