using System.Net;
using Messngr.Interop.Tests.Support;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.DatagramService;
using Messngr.Wire.Smb1.Mailslot;

namespace Messngr.Interop.Tests.Tshark;

/// <summary>
/// NBDS packets and Messenger mailslot writes written by our codecs, judged by tshark 4.0.17
/// (protocols.md §3, §4, §9.2): no malformed or warning items, and the decoded fields match.
/// </summary>
/// <remarks>
/// protocols.md §9.2 lists <c>smb.do</c>, but tshark 4.0.17 has no such field (it refuses to
/// run); the DataOffset field is <c>smb.data_offset</c>, which is what the captures' .txt show.
/// </remarks>
public class NbdsTsharkTests
{
    private const string HostA = "10.99.0.11";
    private const string HostB = "10.99.0.12";
    private const string SubnetBroadcast = "10.99.0.255";

    private static readonly NetBiosName Source = NetBiosName.Create("HOSTA", 0x00);

    private static readonly string[] Fields =
        ["nbdgm.type", "nbdgm.source_name", "nbdgm.destination_name", "mailslot.name", "smb.data_offset", "smb.dc", "nbdgm.dgram_len", "nbdgm.first", "nbdgm.next", "nbdgm.error_code", "data.data"];

    private static MessengerDatagram Directed(MailslotPadding padding) => MessengerDatagram.CreateDirected(
        Source, IPAddress.Parse(HostA), NetBiosName.Create("HOSTB", 0x03), MessengerMailslotMessage.Create("alice", "HOSTB", "hello from messngr"), 0x1001, padding);

    private static MessengerDatagram Group(MailslotPadding padding) => MessengerDatagram.CreateGroupBroadcast(
        Source, IPAddress.Parse(HostA), NetBiosName.Create("LAB", 0x00), MessengerMailslotMessage.Create("alice", "LAB", "to the workgroup\nline two"), 0x1002, padding, NbdsNodeType.NBDD);

    private static (PcapWriter Pcap, IReadOnlyList<string[]> Rows) Decode(params (string Destination, byte[] Payload)[] packets)
    {
        var pcap = new PcapWriter();
        foreach (var (destination, payload) in packets)
        {
            pcap.Udp(HostA, 138, destination, 138, payload);
        }

        Assert.Empty(Support.Tshark.Problems(pcap));
        var rows = Support.Tshark.Fields(pcap, Fields);
        Assert.Equal(packets.Length, rows.Count);
        return (pcap, rows);
    }

    [Theory]
    [InlineData(MailslotPadding.None, "87")]
    [InlineData(MailslotPadding.Align4, "88")]
    public void Direct_unique_messenger_datagram_decodes_cleanly(MailslotPadding padding, string dataOffset)
    {
        var datagram = Directed(padding);
        var (_, rows) = Decode((HostB, datagram.ToArray()));
        var row = rows[0];
        Assert.Equal("16", row[0]);
        Assert.Equal("HOSTA<00>", row[1]);
        Assert.Equal("HOSTB<03>", row[2]);
        Assert.Equal(@"\MAILSLOT\MESSNGR", row[3]);
        Assert.Equal(dataOffset, row[4]);
        Assert.Equal(datagram.Message.EncodedLength.ToString(System.Globalization.CultureInfo.InvariantCulture), row[5]);
        Assert.Equal(datagram.Datagram.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), row[6]);
        Assert.Equal(["1", "0"], row[7..9]);
        Assert.Equal(Convert.ToHexString(datagram.Message.From.Span).ToLowerInvariant() + "00", row[10][..12]);
    }

    [Theory]
    [InlineData(MailslotPadding.None, "87")]
    [InlineData(MailslotPadding.Align4, "88")]
    public void Direct_group_messenger_datagram_decodes_cleanly(MailslotPadding padding, string dataOffset)
    {
        var datagram = Group(padding);
        var (_, rows) = Decode((SubnetBroadcast, datagram.ToArray()));
        var row = rows[0];
        Assert.Equal("17", row[0]);
        Assert.Equal("HOSTA<00>", row[1]);
        Assert.Equal("LAB<00>", row[2]);
        Assert.Equal(@"\MAILSLOT\MESSNGR", row[3]);
        Assert.Equal(dataOffset, row[4]);
        Assert.Equal(datagram.Mailslot.DataCount.ToString(System.Globalization.CultureInfo.InvariantCulture), row[5]);
    }

    [Theory]
    [InlineData(NbdsErrorCode.DESTINATION_NAME_NOT_PRESENT, "0x82")]
    [InlineData(NbdsErrorCode.INVALID_SOURCE_NAME_FORMAT, "0x83")]
    [InlineData(NbdsErrorCode.INVALID_DESTINATION_NAME_FORMAT, "0x84")]
    public void Datagram_error_decodes_cleanly(NbdsErrorCode code, string expected)
    {
        var packet = new NbdsErrorPacket { ErrorCode = code, DatagramId = 0x1003, SourceIp = IPAddress.Parse(HostA) };
        var (_, rows) = Decode((HostB, packet.ToArray()));
        Assert.Equal("19", rows[0][0]);
        Assert.Equal(expected, rows[0][9]);
    }

    [Theory]
    [InlineData(NbdsMessageType.DATAGRAM_QUERY_REQUEST, "20")]
    [InlineData(NbdsMessageType.DATAGRAM_POSITIVE_QUERY_RESPONSE, "21")]
    [InlineData(NbdsMessageType.DATAGRAM_NEGATIVE_QUERY_RESPONSE, "22")]
    public void Datagram_query_packets_decode_cleanly(NbdsMessageType type, string expected)
    {
        var packet = new NbdsQueryPacket { MessageType = type, DatagramId = 0x1004, SourceIp = IPAddress.Parse(HostA), DestinationName = NetBiosName.Create("HOSTB", 0x03) };
        var (_, rows) = Decode((HostB, packet.ToArray()));
        Assert.Equal(expected, rows[0][0]);
        Assert.Equal("HOSTB<03>", rows[0][2]);
    }

    [Fact]
    public void Broadcast_datagram_to_the_wildcard_name_decodes_cleanly()
    {
        var mailslot = MailslotWrite.Create(MailslotWrite.MessengerName, WireBytes(MessengerMailslotMessage.Create("alice", "*", "everyone")));
        var packet = new NbdsDatagram
        {
            MessageType = NbdsMessageType.BROADCAST_DATAGRAM,
            SourceIp = IPAddress.Parse(HostA),
            SourceName = Source,
            DestinationName = NetBiosName.Wildcard,
            UserData = WireBytes(mailslot),
        };
        var (_, rows) = Decode((SubnetBroadcast, packet.ToArray()));
        Assert.Equal("18", rows[0][0]);
        Assert.Equal(@"\MAILSLOT\MESSNGR", rows[0][3]);
    }

    [Fact]
    public void Fragmented_datagram_flags_and_offsets_decode_cleanly()
    {
        // tshark 4.0.17 does not reassemble NBDS fragments and would dissect a cut SMB in the first
        // one as malformed, so the user data here is opaque (mailslot writes are never fragmented).
        var whole = Directed(MailslotPadding.None).Datagram with { UserData = Enumerable.Repeat((byte)'A', 200).ToArray() };
        var fragments = whole.Fragment(80);
        Assert.Equal(3, fragments.Count);
        var pcap = new PcapWriter();
        foreach (var fragment in fragments)
        {
            pcap.Udp(HostA, 138, HostB, 138, fragment.ToArray());
        }

        Assert.Empty(Support.Tshark.Problems(pcap));
        var rows = Support.Tshark.Fields(pcap, "nbdgm.first", "nbdgm.next", "nbdgm.pkt_offset");
        Assert.Equal(["1", "1", "0"], rows[0]);
        Assert.Equal(["0", "0", (80 * (fragments.Count - 1)).ToString(System.Globalization.CultureInfo.InvariantCulture)], rows[^1]);
    }

    private static byte[] WireBytes<T>(T packet) where T : Messngr.Wire.IWirePacket<T> => Messngr.Wire.WirePacket.ToArray(packet);
}
