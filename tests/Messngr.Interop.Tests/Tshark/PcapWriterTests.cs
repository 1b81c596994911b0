using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Tshark;

/// <summary>The pcap framing itself must be clean, or every cross-check below would be noise.</summary>
public class PcapWriterTests
{
    // A broadcast name query for HOSTB<20> (header 0x0110, one question NB/IN), built by hand.
    private static readonly byte[] Query = BuildQuery();

    private static byte[] BuildQuery()
    {
        var name = Messngr.Wire.NetBios.NetBiosName.Create("HOSTB", 0x20);
        var buffer = new byte[12 + 34 + 4];
        Convert.FromHexString("6e9801100001000000000000").CopyTo(buffer, 0);
        var writer = new Messngr.Wire.WireWriter(buffer.AsSpan(12));
        Messngr.Wire.NetBios.NetBiosNameCodec.Write(ref writer, name);
        writer.WriteUInt16BigEndian(0x20);
        writer.WriteUInt16BigEndian(1);
        return buffer;
    }

    [Fact]
    public void Udp_frames_decode_cleanly()
    {
        var pcap = new PcapWriter();
        pcap.Udp("10.99.0.11", 137, "10.99.0.255", 137, Query);
        Assert.Empty(Support.Tshark.Problems(pcap));
        var fields = Support.Tshark.Fields(pcap, "nbns.name", "udp.checksum.status");
        Assert.Equal("HOSTB<20>", fields[0][0]);
    }

    [Fact]
    public void Tcp_conversation_has_no_sequence_warnings()
    {
        var pcap = new PcapWriter();
        var tcp = pcap.Tcp("10.99.0.11", 40000, "10.99.0.12", 139);
        tcp.ToServer([0x85, 0, 0, 0]);
        tcp.ToClient([0x85, 0, 0, 0]);
        tcp.Close();
        Assert.Empty(Support.Tshark.Problems(pcap));
        Assert.Contains(Support.Tshark.Fields(pcap, "nbss.type"), f => f[0] == "0x85");
    }
}
