using System.Net;
using System.Net.Sockets;

namespace Messngr.Wire.NetBios.SessionService;

/// <summary>
/// RFC 1002 4.3.5 RETARGET SESSION RESPONSE (TYPE 0x84, LENGTH 6): RETARGET_IP_ADDRESS (IPv4)
/// and PORT (BE). The client reconnects there and repeats the session request (RFC 1002 §6).
/// </summary>
public sealed record RetargetSessionResponsePacket : NbssPacket
{
    /// <summary>IPv4 address (4) + port (2).</summary>
    public const int BodyBytes = 6;

    public RetargetSessionResponsePacket(IPAddress address, ushort port)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"an NBSS retarget address must be IPv4, got '{address}'", nameof(address));
        }

        Address = address;
        Port = port;
    }

    public IPAddress Address { get; }

    public ushort Port { get; }

    public override NbssPacketType Type => NbssPacketType.RetargetSessionResponse;

    public override int BodyLength => BodyBytes;

    internal static RetargetSessionResponsePacket ReadBody(ref WireReader body)
    {
        var address = new IPAddress(body.ReadBytes(4));
        return new RetargetSessionResponsePacket(address, body.ReadUInt16BigEndian());
    }

    private protected override void WriteBody(ref WireWriter writer)
    {
        if (!Address.TryWriteBytes(writer.Reserve(4), out _))
        {
            throw new InvalidOperationException("an IPv4 address did not fit 4 bytes");
        }

        writer.WriteUInt16BigEndian(Port);
    }
}
