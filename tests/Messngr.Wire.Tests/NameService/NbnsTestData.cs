using System.Net;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;
using Messngr.Wire.Tests.Captures;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.NameService;

/// <summary>The NBNS (UDP 137) packets of the captures, and shorthands shared by the NBNS tests.</summary>
internal static class NbnsTestData
{
    public static readonly string[] CaptureNames =
    [
        "nbns-query-unicast", "nbns-query-broadcast", "nbns-query-broadcast-03", "nbns-query-unknown",
        "nbns-node-status", "nbtscan", "nbtscan-verbose", "impacket-nbns", "nmbd-startup", "nmbd-shutdown",
    ];

    public static readonly IPAddress HostB = IPAddress.Parse("10.99.0.12");

    /// <summary>(capture, frame) of every UDP 137 packet in the captures.</summary>
    public static TheoryData<string, int> AllPackets()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in CaptureNames)
        {
            foreach (var packet in Capture.Load(name).Udp(137))
            {
                data.Add(name, packet.Frame);
            }
        }

        return data;
    }

    public static byte[] Bytes(string capture, int frame) => Capture.Load(capture).Udp(137).Single(p => p.Frame == frame).Payload;

    public static NbnsPacket Parse(byte[] bytes)
    {
        Assert.True(NbnsPacket.TryParse(bytes, out var packet, out var error), $"parse failed: {error}");
        return packet!;
    }

    public static NbnsPacket Parse(string capture, int frame) => Parse(Bytes(capture, frame));

    public static byte[] Encode(NbnsPacket packet) => packet.ToArray();

    public static NetBiosName Name(string name, byte suffix) => NetBiosName.Create(name, suffix);

    public static NbAddressEntry Entry(ushort flags, string address) => new(new NbFlags(flags), IPAddress.Parse(address));

    public static void AssertBytes(string expectedHex, NbnsPacket packet) => Assert.Equal(Hex.Format(Hex.Parse(expectedHex)), Hex.Format(packet.ToArray()));
}
