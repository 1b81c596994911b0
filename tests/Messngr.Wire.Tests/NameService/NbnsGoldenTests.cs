using System.Net;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;
using Messngr.Wire.Tests.Captures;
using Messngr.Wire.Tests.Support;
using static Messngr.Wire.Tests.NameService.NbnsTestData;

namespace Messngr.Wire.Tests.NameService;

/// <summary>Every NBNS packet of the captures parses, matches the tshark decode and writes back byte for byte.</summary>
public class NbnsGoldenTests
{
    public static TheoryData<string, int> Packets => AllPackets();

    [Theory]
    [MemberData(nameof(Packets))]
    public void Captured_packet_round_trips_at_any_offset_and_rejects_every_prefix(string capture, int frame)
    {
        var bytes = Bytes(capture, frame);
        var packet = Golden.Check<NbnsPacket>(bytes, NbnsPacket.TryParse, Encode);
        Assert.Equal(bytes.Length, packet.EncodedLength);
    }

    [Theory]
    [MemberData(nameof(Packets))]
    public void Captured_packet_survives_mutation(string capture, int frame) =>
        Hostile.Mutate<NbnsPacket>(Bytes(capture, frame), NbnsPacket.TryParse, iterations: 300, randomSeed: frame);

    [Fact]
    public void All_captures_hold_the_expected_number_of_nbns_packets()
    {
        var counts = CaptureNames.ToDictionary(c => c, c => Capture.Load(c).Udp(137).Count);
        Assert.Equal(5, counts["nbns-query-unicast"]);
        Assert.Equal(3, counts["nbns-query-broadcast"]);
        Assert.Equal(3, counts["nbns-query-broadcast-03"]);
        Assert.Equal(2, counts["nbns-query-unknown"]);
        Assert.Equal(2, counts["nbns-node-status"]);
        Assert.Equal(2, counts["nbtscan"]);
        Assert.Equal(2, counts["nbtscan-verbose"]);
        Assert.Equal(10, counts["impacket-nbns"]);
        Assert.Equal(25, counts["nmbd-startup"]);
        // nmbd 4.17 sends no NAME RELEASE at shutdown: only the two browse datagrams on UDP 138.
        Assert.Equal(0, counts["nmbd-shutdown"]);
    }

    [Fact]
    public void Unicast_query_and_nmbd_answer_match_the_decode()
    {
        var query = Parse("nbns-query-unicast", 3);
        Assert.Equal(0x0bed, query.TransactionId);
        Assert.Equal(0x0100, query.Flags.Value);
        Assert.Equal(NbnsOpcode.Query, query.Flags.Opcode);
        Assert.True(query.Flags.IsRecursionDesired);
        Assert.False(query.Flags.IsBroadcast);
        Assert.Equal(new NbnsHeader(0x0bed, new NbnsFlags(0x0100), 1, 0, 0, 0), query.Header);
        Assert.Equal(new NbnsQuestion(Name("HOSTB", 0x00), NbnsRrType.NB), query.Question);

        var answer = Parse("nbns-query-unicast", 5);
        Assert.Equal(0x8580, answer.Flags.Value);
        Assert.True(answer.Flags.IsResponse && answer.Flags.IsAuthoritativeAnswer && answer.Flags.IsRecursionDesired && answer.Flags.IsRecursionAvailable);
        Assert.Equal(NbnsRcode.OK, answer.Flags.Rcode);
        var rr = Assert.Single(answer.Answers);
        Assert.Equal(Name("HOSTB", 0x00), rr.NetBiosName);
        Assert.Null(rr.Name.Pointer);
        Assert.Equal(NbnsRrType.NB, rr.Type);
        Assert.Equal(NbnsResourceRecord.ClassIN, rr.Class);
        Assert.Equal(259200u, rr.Ttl);
        var entry = Assert.Single(Assert.IsType<NbRData>(rr.Data).Entries);
        Assert.False(entry.Flags.IsGroup);
        Assert.Equal(NbnsNodeType.BNode, entry.Flags.NodeType);
        Assert.Equal(HostB, entry.Address);
    }

    [Fact]
    public void Broadcast_queries_match_the_decode()
    {
        var query = Parse("nbns-query-broadcast", 1);
        Assert.Equal(0x54cd, query.TransactionId);
        Assert.Equal(0x0110, query.Flags.Value);
        Assert.True(query.Flags.IsBroadcast);
        Assert.Equal("HOSTB<00>", query.Question!.Name.ToString());

        var query03 = Parse("nbns-query-broadcast-03", 1);
        Assert.Equal(Name("HOSTB", NetBiosName.SuffixMessenger), query03.Question!.Name);

        // nmbd answers broadcasts twice, identically (protocols.md §2.3).
        Assert.Equal(Parse("nbns-query-broadcast", 2), Parse("nbns-query-broadcast", 3));
        var group = Parse("impacket-nbns", 7).Answer!;
        Assert.Equal(Name("LAB", 0x00), group.NetBiosName);
        Assert.True(Assert.Single(((NbRData)group.Data).Entries).Flags.IsGroup);
    }

    [Fact]
    public void Query_for_an_unknown_name_goes_unanswered()
    {
        var query = Parse("nbns-query-unknown", 1);
        Assert.Equal(0x4cc3, query.TransactionId);
        Assert.Equal(0x0100, query.Flags.Value);
        Assert.Equal("NOSUCHNAME", query.Question!.Name.GetName());
        Assert.All(Capture.Load("nbns-query-unknown").Udp(137), p => Assert.Equal(137, p.DestinationPort));
    }

    [Theory]
    [InlineData("nbns-node-status", 0x3e62, 0x0000)]
    [InlineData("nbtscan", 0x019c, 0x0010)]
    [InlineData("nbtscan-verbose", 0x0054, 0x0010)]
    [InlineData("impacket-nbns", 0x4057, 0x0000)]
    public void Node_status_exchange_matches_the_decode(string capture, int id, int requestFlags)
    {
        var packets = Capture.Load(capture).Udp(137);
        var request = Parse(packets[^2].Payload);
        Assert.Equal(id, request.TransactionId);
        Assert.Equal(requestFlags, request.Flags.Value);
        Assert.True(request.Question!.Name.IsWildcard);
        Assert.Equal(NbnsRrType.NBSTAT, request.Question.Type);

        var response = Parse(packets[^1].Payload);
        Assert.Equal(id, response.TransactionId);
        Assert.Equal(0x8400, response.Flags.Value);
        var rr = response.Answer!;
        Assert.Equal(NbnsRrType.NBSTAT, rr.Type);
        Assert.Equal(0u, rr.Ttl);
        Assert.True(rr.NetBiosName!.IsWildcard);
        var status = Assert.IsType<NodeStatusRData>(rr.Data);
        Assert.Equal(173, status.Length);
        string[] names = ["HOSTB<00>", "HOSTB<03>", "HOSTB<20>", "<01><02>__MSBROWSE__<02><01>", "LAB<00>", "LAB<1d>", "LAB<1e>"];
        ushort[] flags = [0x0400, 0x0400, 0x0400, 0x8400, 0x8400, 0x0400, 0x8400];
        Assert.Equal(names, status.Names.Select(n => n.Name.ToString()));
        Assert.Equal(flags, status.Names.Select(n => n.Flags.Value));
        Assert.All(status.Names, n => Assert.True(n.Flags.IsActive && n.Flags.NodeType == NbnsNodeType.BNode && !n.Flags.IsPermanent));
        Assert.Equal(NodeStatistics.Zero, status.Statistics);
        Assert.Equal("000000000000", status.Statistics.UnitId.ToString());
    }

    [Fact]
    public void Nmbd_registrations_match_the_decode_and_use_a_label_pointer()
    {
        (int Frame, ushort Id, string Name, byte Suffix, ushort NbFlags)[] expected =
        [
            (1, 0x52df, "HOSTB", 0x20, 0x0000), (2, 0x52e0, "HOSTB", 0x03, 0x0000), (3, 0x52e1, "HOSTB", 0x00, 0x0000),
            (4, 0x52e2, "LAB", 0x00, 0x8000), (5, 0x52e3, "LAB", 0x1e, 0x8000),
        ];
        foreach (var (frame, id, name, suffix, nbFlags) in expected)
        {
            var packet = Parse("nmbd-startup", frame);
            Assert.Equal(id, packet.TransactionId);
            Assert.Equal(0x2910, packet.Flags.Value);
            Assert.Equal(NbnsOpcode.Registration, packet.Flags.Opcode);
            Assert.Equal(new NbnsHeader(id, new NbnsFlags(0x2910), 1, 0, 0, 1), packet.Header);
            Assert.Equal(Name(name, suffix), packet.Question!.Name);
            var rr = packet.Additional!;
            Assert.Equal(Name(name, suffix), rr.NetBiosName);
            Assert.Equal((ushort)12, rr.Name.Pointer);
            Assert.Equal(0u, rr.Ttl);
            Assert.Equal(new NbRData(new NbAddressEntry(new NbFlags(nbFlags), HostB)), rr.Data);
        }

        var browse = Parse("nmbd-startup", 7);
        Assert.Equal(0x0110, browse.Flags.Value);
        Assert.Equal(Name("LAB", 0x1d), browse.Question!.Name);
        var msBrowse = Parse("nmbd-startup", 31).Additional!;
        Assert.Equal("<01><02>__MSBROWSE__<02><01>", msBrowse.NetBiosName!.ToString());
    }

    [Fact]
    public void Nmbd_retransmissions_are_identical()
    {
        var packets = Capture.Load("nmbd-startup").Udp(137);
        foreach (var group in packets.GroupBy(p => Parse(p.Payload).TransactionId))
        {
            Assert.Single(group.Select(p => Hex.Format(p.Payload)).Distinct());
        }
    }

    [Fact]
    public void Impacket_query_and_answer_match_the_decode()
    {
        var query = Parse("impacket-nbns", 1);
        Assert.Equal(0x2594, query.TransactionId);
        Assert.Equal(0x0100, query.Flags.Value);
        Assert.Equal(Name("HOSTB", 0x20), query.Question!.Name);
        var answer = Parse("impacket-nbns", 2).Answer!;
        Assert.Equal(259200u, answer.Ttl);
        Assert.Equal(IPAddress.Parse("10.99.0.12"), ((NbRData)answer.Data).Entries[0].Address);
    }
}
