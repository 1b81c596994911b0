using Messngr.Wire.DceRpc;
using Messngr.Wire.Tests.Captures;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.DceRpc;

/// <summary>Golden datagrams shared by the DCE/RPC tests.</summary>
internal static class DceRpcSamples
{
    /// <summary>protocols.md §7.6: From=ALICE, To=BOBPC, Text="Hello over ncadg_ip_udp", flags1 0x28.</summary>
    public static readonly byte[] Section76 = Hex.Parse("""
        04 00 28 00 10 00 00 00
        00000000000000000000000000000000
        f8917b5a 00ff d011 a9b2 00c04fb6e6fc
        4fab624a 28b2 9e4e a59b 8f0e07eb2261
        00000000 01000000 00000000
        0000 ffff ffff 4c00 0000 00 00
        06000000 00000000 06000000 414c49434500 0000
        06000000 00000000 06000000 424f42504300 0000
        18000000 00000000 18000000 48656c6c6f206f766572206e636164675f69705f75647000
        """);

    /// <summary>The stub (body) of <see cref="Section76"/>.</summary>
    public static byte[] Section76Stub => Section76[ClPduHeader.Length..];

    /// <summary>The NetrSendMessage request of msrp-netrsendmessage.pcap (UDP to 135).</summary>
    public static byte[] CaptureRequest => Capture.Load("msrp-netrsendmessage").Udp(135).Single().Payload;

    public static ClPduHeader RequestHeader { get; } = new()
    {
        PacketType = ClPacketType.Request,
        Flags1 = NetrSendMessage.RequestFlags,
        InterfaceId = MsrpInterfaces.MsgSvcSend,
        ActivityId = new Guid("4a62ab4f-b228-4e9e-a59b-8f0e07eb2261"),
        InterfaceVersion = 1,
    };
}
