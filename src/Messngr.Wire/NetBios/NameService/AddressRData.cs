using System.Net;
using System.Net.Sockets;

namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RFC 1002 4.2.15 A RDATA of a redirect name query response: NSD_IP_ADDR (RDLENGTH 4, IPv4).
/// </summary>
public sealed record AddressRData : NbnsRData
{
    public const int Length = 4;

    public AddressRData(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"NSD_IP_ADDR must be IPv4, got '{address}'", nameof(address));
        }

        Address = address;
    }

    public IPAddress Address { get; }

    internal override int Layout(NbnsNameCompression names, int offset) => Length;

    internal override void Write(ref WireWriter writer, NbnsNameCompression names, int messageStart) =>
        NbAddressEntry.WriteIPv4(ref writer, Address);

    internal static AddressRData Read(ref WireReader rdata) => new(new IPAddress(rdata.ReadBytes(Length)));

    public override string ToString() => $"A {Address}";
}
