using System.Net;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.SessionService;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.SessionService;

public class NbssPacketTests
{
    // smbclient -M RecvPC -n SENDERPC (protocols.md §5.2, observed).
    private const string SmbclientSessionRequest =
        "81 00 00 44 " +
        "20 46434546454446474641454443414341434143414341434143414341434141 44 00 " +
        "20 46444546454f454545464643464145444341434143414341434143414341 41 41 00";

    internal static readonly Golden.TryParse<NbssPacket> Parse = NbssPacket.TryParse;

    internal static byte[] Encode(NbssPacket packet) => packet.ToArray();

    [Fact]
    public void Session_request_from_smbclient_reads_called_and_calling_names()
    {
        var packet = Assert.IsType<SessionRequestPacket>(Golden.Check(Hex.Parse(SmbclientSessionRequest), Parse, Encode));
        Assert.Equal(NetBiosName.Create("RECVPC", 0x03), packet.CalledName);
        Assert.Equal(NetBiosName.Create("SENDERPC", 0x00), packet.CallingName);
        Assert.Equal(68, packet.BodyLength);
    }

    [Fact]
    public void Session_request_with_scopes_round_trips()
    {
        var packet = new SessionRequestPacket(NetBiosName.Create("HOSTB", 3, scope: "corp.example"), NetBiosName.Create("HOSTA", 0, scope: "corp.example"));
        var bytes = packet.ToArray();
        Assert.Equal(4 + (2 * (34 + 13)), bytes.Length);
        Assert.Equal(packet, Golden.Check(bytes, Parse, Encode));
    }

    [Theory]
    [InlineData("82 00 00 00", NbssPacketType.PositiveSessionResponse)]
    [InlineData("85 00 00 00", NbssPacketType.SessionKeepAlive)]
    [InlineData("83 00 00 01 82", NbssPacketType.NegativeSessionResponse)]
    [InlineData("84 00 00 06 0a 63 00 0c 00 8b", NbssPacketType.RetargetSessionResponse)]
    [InlineData("00 00 00 03 01 02 03", NbssPacketType.SessionMessage)]
    [InlineData("00 00 00 00", NbssPacketType.SessionMessage)]
    public void Fixed_packets_round_trip(string hex, NbssPacketType type)
    {
        var packet = Golden.Check(Hex.Parse(hex), Parse, Encode);
        Assert.Equal(type, packet.Type);
    }

    [Fact]
    public void Negative_response_carries_the_error_code()
    {
        var packet = new NegativeSessionResponsePacket(NbssErrorCode.CalledNameNotPresent);
        Assert.Equal("8300000182", Hex.Format(packet.ToArray()));
        Assert.True(NbssPacket.TryParse(Hex.Parse("83 00 00 01 8f"), out var read, out _));
        Assert.Equal(NbssErrorCode.UnspecifiedError, Assert.IsType<NegativeSessionResponsePacket>(read).ErrorCode);
    }

    [Fact]
    public void Retarget_carries_ipv4_address_and_big_endian_port()
    {
        var packet = new RetargetSessionResponsePacket(IPAddress.Parse("10.99.0.12"), 139);
        Assert.Equal("840000060a63000c008b", Hex.Format(packet.ToArray()));
        Assert.Equal(packet, Golden.Check(packet.ToArray(), Parse, Encode));
        Assert.Throws<ArgumentException>(() => new RetargetSessionResponsePacket(IPAddress.IPv6Loopback, 139));
    }

    [Fact]
    public void E_bit_adds_65536_to_the_length()
    {
        var payload = new byte[70_000];
        payload[^1] = 0x5A;
        var bytes = new SessionMessagePacket(payload).ToArray();
        Assert.Equal("00011170", Hex.Format(bytes.AsSpan(0, 4)));
        Assert.True(NbssPacket.TryParse(bytes, out var read, out _));
        Assert.Equal(70_000, Assert.IsType<SessionMessagePacket>(read).Payload.Length);
    }

    [Fact]
    public void Session_message_payload_is_limited_to_17_bits() =>
        Assert.Throws<ArgumentException>(() => new SessionMessagePacket(new byte[NbssPacket.MaxBodyLength + 1]));

    [Fact]
    public void Session_message_equality_compares_payload_bytes() =>
        Assert.Equal(new SessionMessagePacket(new byte[] { 1, 2 }), new SessionMessagePacket(new byte[] { 1, 2 }));
}
