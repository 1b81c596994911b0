using System.Net;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;
using Messngr.Wire.Tests.Support;
using static Messngr.Wire.Tests.NameService.NbnsTestData;

namespace Messngr.Wire.Tests.NameService;

/// <summary>The catalogue builders give the exact FLAGS of protocols.md §2.3 and the captured bytes.</summary>
public class NbnsPacketsTests
{
    private static readonly NetBiosName HostB20 = Name("HOSTB", 0x20);
    private static readonly NbAddressEntry BUnique = Entry(0x0000, "10.99.0.12");

    public static TheoryData<string, ushort, string> Catalogue()
    {
        return new TheoryData<string, ushort, string>
        {
            { "query bcast", 0x0110, "1/0/0/0" },
            { "query wins", 0x0100, "1/0/0/0" },
            { "query no rd", 0x0000, "1/0/0/0" },
            { "positive query", 0x8500, "0/1/0/0" },
            { "positive query ra tc", 0x8780, "0/1/0/0" },
            { "negative query", 0x8503, "0/1/0/0" },
            { "negative query ra", 0x8583, "0/1/0/0" },
            { "redirect", 0x8100, "0/0/1/1" },
            { "registration bcast", 0x2910, "1/0/0/1" },
            { "registration wins", 0x2900, "1/0/0/1" },
            { "overwrite bcast", 0x2810, "1/0/0/1" },
            { "overwrite", 0x2800, "1/0/0/1" },
            { "refresh", 0x4000, "1/0/0/1" },
            { "refresh bcast", 0x4010, "1/0/0/1" },
            { "refresh alternate", 0x4800, "1/0/0/1" },
            { "multi-homed", 0x7900, "1/0/0/1" },
            { "positive registration", 0xAD80, "0/1/0/0" },
            { "negative registration", 0xAD86, "0/1/0/0" },
            { "challenge", 0xAD00, "0/1/0/0" },
            { "conflict", 0xAD87, "0/1/0/0" },
            { "release bcast", 0x3010, "1/0/0/1" },
            { "release", 0x3000, "1/0/0/1" },
            { "positive release", 0xB400, "0/1/0/0" },
            { "negative release", 0xB406, "0/1/0/0" },
            { "wack", 0xBC00, "0/1/0/0" },
            { "node status", 0x0000, "1/0/0/0" },
            { "node status bcast", 0x0010, "1/0/0/0" },
            { "node status response", 0x8400, "0/1/0/0" },
        };
    }

    internal static NbnsPacket Build(string kind)
    {
        var name = Name("HOSTB", 0x03);
        var entry = BUnique;
        var statusNames = new[] { new NodeStatusName(name, NodeNameFlags.Create(false, NbnsNodeType.BNode)) };
        return kind switch
        {
            "query bcast" => NbnsPackets.NameQuery(1, name, broadcast: true),
            "query wins" => NbnsPackets.NameQuery(1, name, broadcast: false),
            "query no rd" => NbnsPackets.NameQuery(1, name, broadcast: false, recursionDesired: false),
            "positive query" => NbnsPackets.PositiveQueryResponse(1, name, 300, [entry]),
            "positive query ra tc" => NbnsPackets.PositiveQueryResponse(1, name, 300, [entry], recursionAvailable: true, truncated: true),
            "negative query" => NbnsPackets.NegativeQueryResponse(1, name),
            "negative query ra" => NbnsPackets.NegativeQueryResponse(1, name, recursionAvailable: true),
            "redirect" => NbnsPackets.RedirectQueryResponse(1, name, "wins.lab.example", IPAddress.Parse("10.99.0.1"), 300),
            "registration bcast" => NbnsPackets.RegistrationRequest(1, name, entry, 0, broadcast: true),
            "registration wins" => NbnsPackets.RegistrationRequest(1, name, entry, 300, broadcast: false),
            "overwrite bcast" => NbnsPackets.OverwriteDemand(1, name, entry, 0, broadcast: true),
            "overwrite" => NbnsPackets.OverwriteDemand(1, name, entry, 0, broadcast: false),
            "refresh" => NbnsPackets.RefreshRequest(1, name, entry, 300, broadcast: false),
            "refresh bcast" => NbnsPackets.RefreshRequest(1, name, entry, 300, broadcast: true),
            "refresh alternate" => NbnsPackets.RefreshRequest(1, name, entry, 300, broadcast: false, NbnsOpcode.RefreshAlternate),
            "multi-homed" => NbnsPackets.MultiHomedRegistrationRequest(1, name, entry, 300),
            "positive registration" => NbnsPackets.PositiveRegistrationResponse(1, name, entry, 21600),
            "negative registration" => NbnsPackets.NegativeRegistrationResponse(1, name, entry),
            "challenge" => NbnsPackets.EndNodeChallengeResponse(1, name, entry, 300),
            "conflict" => NbnsPackets.NameConflictDemand(1, name),
            "release bcast" => NbnsPackets.ReleaseRequest(1, name, entry, broadcast: true),
            "release" => NbnsPackets.ReleaseRequest(1, name, entry, broadcast: false),
            "positive release" => NbnsPackets.PositiveReleaseResponse(1, name, entry),
            "negative release" => NbnsPackets.NegativeReleaseResponse(1, name, entry, NbnsRcode.ACT_ERR),
            "wack" => NbnsPackets.Wack(1, name, 60, new NbnsFlags(0x2900)),
            "node status" => NbnsPackets.NodeStatusRequest(1),
            "node status bcast" => NbnsPackets.NodeStatusRequest(1, broadcast: true),
            "node status response" => NbnsPackets.NodeStatusResponse(1, NetBiosName.Wildcard, statusNames),
            _ => throw new ArgumentException(kind, nameof(kind)),
        };
    }

    [Theory]
    [MemberData(nameof(Catalogue))]
    public void Catalogue_packet_has_the_exact_flags_and_counts_and_round_trips(string kind, ushort flags, string counts)
    {
        var packet = Build(kind);
        Assert.Equal(flags, packet.Flags.Value);
        var h = packet.Header;
        Assert.Equal(counts, $"{h.QuestionCount}/{h.AnswerCount}/{h.AuthorityCount}/{h.AdditionalCount}");
        var bytes = packet.ToArray();
        Assert.Equal(bytes.Length, packet.EncodedLength);
        Assert.Equal(packet, Golden.Check<NbnsPacket>(bytes, NbnsPacket.TryParse, Encode));
    }

    [Fact]
    public void Registration_request_equals_nmbd_bytes_with_its_label_pointer()
    {
        // protocols.md §2.5 and nmbd-startup frames 1–5: the additional RR name is C0 0C.
        AssertBytes(Hex.Format(Bytes("nmbd-startup", 1)), NbnsPackets.RegistrationRequest(0x52df, HostB20, BUnique, 0, broadcast: true));
        AssertBytes(Hex.Format(Bytes("nmbd-startup", 4)), NbnsPackets.RegistrationRequest(0x52e2, Name("LAB", 0), Entry(0x8000, "10.99.0.12"), 0, true));
        Assert.Contains("c00c0020000100000000", Hex.Format(Bytes("nmbd-startup", 1)), StringComparison.Ordinal);
    }

    [Fact]
    public void Queries_equal_the_captured_bytes()
    {
        AssertBytes(Hex.Format(Bytes("nbns-query-broadcast", 1)), NbnsPackets.NameQuery(0x54cd, Name("HOSTB", 0), broadcast: true));
        AssertBytes(Hex.Format(Bytes("nbns-query-unicast", 3)), NbnsPackets.NameQuery(0x0bed, Name("HOSTB", 0), broadcast: false));
        AssertBytes(Hex.Format(Bytes("nmbd-startup", 7)), NbnsPackets.NameQuery(0x52e5, Name("LAB", 0x1d), broadcast: true));
        AssertBytes(Hex.Format(Bytes("nbns-query-unknown", 1)), NbnsPackets.NameQuery(0x4cc3, Name("NOSUCHNAME", 0), broadcast: false));
    }

    [Fact]
    public void Positive_query_response_equals_nmbd_bytes()
    {
        AssertBytes(
            Hex.Format(Bytes("nbns-query-unicast", 5)),
            NbnsPackets.PositiveQueryResponse(0x0bed, Name("HOSTB", 0), 259200, [BUnique], recursionAvailable: true));
    }

    [Fact]
    public void Node_status_exchange_equals_the_captured_bytes()
    {
        AssertBytes(Hex.Format(Bytes("nbns-node-status", 1)), NbnsPackets.NodeStatusRequest(0x3e62));
        AssertBytes(Hex.Format(Bytes("nbtscan", 1)), NbnsPackets.NodeStatusRequest(0x019c, broadcast: true));
        var unique = NodeNameFlags.Create(false, NbnsNodeType.BNode);
        var group = NodeNameFlags.Create(true, NbnsNodeType.BNode);
        NodeStatusName[] names =
        [
            new(Name("HOSTB", 0x00), unique), new(Name("HOSTB", 0x03), unique), new(Name("HOSTB", 0x20), unique),
            new(NetBiosName.FromRaw("\u0001\u0002__MSBROWSE__\u0002\u0001"u8), group),
            new(Name("LAB", 0x00), group), new(Name("LAB", 0x1d), unique), new(Name("LAB", 0x1e), group),
        ];
        AssertBytes(Hex.Format(Bytes("nbns-node-status", 2)), NbnsPackets.NodeStatusResponse(0x3e62, NetBiosName.Wildcard, names));
    }

    [Fact]
    public void Wack_equals_the_nmbd_wins_trace()
    {
        // protocols.md §2.10: 2002 bc00 0000 0001 0000 0000 PNODE1<03> 000a 0001 0000003c 0002 2900.
        var request = NbnsPackets.RegistrationRequest(0x2002, Name("PNODE1", 3), Entry(0x2000, "10.77.0.3"), 300, broadcast: false);
        var wack = NbnsPackets.Wack(request, 60);
        var expected = "2002 bc00 0000 0001 0000 0000" + Hex.Format(EncodedName("PNODE1", 3)) + "000a 0001 0000003c 0002 2900";
        AssertBytes(expected, wack);
        var rdata = Assert.IsType<WackRData>(wack.Answer!.Data);
        Assert.Equal(NbnsOpcode.Registration, rdata.RequestFlags.Opcode);
    }

    [Fact]
    public void Negative_registration_response_equals_nmbd_defence()
    {
        // protocols.md §2.6: 1003 ad86 0000 0001 0000 0000 + NMBTEST<03> NB IN TTL 0, 6, 0000 0a4d0002.
        var packet = NbnsPackets.NegativeRegistrationResponse(0x1003, Name("NMBTEST", 3), Entry(0x0000, "10.77.0.2"));
        AssertBytes("1003ad86000000010000000020454f454e454346454546464446454341434143414341434143414341434141440000200001000000000006 0000 0a4d0002", packet);
    }

    [Fact]
    public void Conflict_demand_carries_ttl_zero_ont_and_no_address()
    {
        var rr = NbnsPackets.NameConflictDemand(7, Name("HOSTB", 3), NbnsNodeType.HNode).Answer!;
        Assert.Equal(0u, rr.Ttl);
        var entry = Assert.Single(((NbRData)rr.Data).Entries);
        Assert.Equal(0x6000, entry.Flags.Value);
        Assert.Equal(IPAddress.Any, entry.Address);
        Assert.Equal(NbnsRcode.CFT_ERR, NbnsPackets.NameConflictDemand(7, Name("HOSTB", 3)).Flags.Rcode);
    }

    [Fact]
    public void Redirect_response_points_the_a_record_at_nsd_name()
    {
        var packet = NbnsPackets.RedirectQueryResponse(9, Name("HOSTB", 0), "wins.lab", IPAddress.Parse("10.99.0.1"), 300);
        var bytes = packet.ToArray();
        // NS RR at 12: 34-byte name, 10 fixed bytes, then NSD_NAME at 56; the A RR names it with C0 38.
        Assert.Equal("0477696e73036c616200", Hex.Format(bytes.AsSpan(56, 10)));
        Assert.Equal("c038", Hex.Format(bytes.AsSpan(66, 2)));
        var parsed = Parse(bytes);
        Assert.Equal("wins.lab", parsed.Additional!.Name.DomainName);
        Assert.Equal((ushort)56, parsed.Additional.Name.Pointer);
        Assert.Equal(IPAddress.Parse("10.99.0.1"), Assert.IsType<AddressRData>(parsed.Additional.Data).Address);
    }

    [Fact]
    public void A_pointer_whose_target_no_longer_holds_the_name_is_written_in_full()
    {
        var packet = NbnsPackets.RegistrationRequest(1, HostB20, BUnique, 0, broadcast: true);
        var changed = new NbnsPacket(1, packet.Flags, [new NbnsQuestion(Name("OTHER", 0x20), NbnsRrType.NB)], additionals: packet.Additionals);
        var bytes = changed.ToArray();
        Assert.Equal(12 + 38 + 34 + 16, bytes.Length);
        Assert.Equal(bytes.Length, changed.EncodedLength);
        Assert.Equal(HostB20, Parse(bytes).Additional!.NetBiosName);
    }

    [Fact]
    public void Builders_reject_misuse_with_argument_exceptions()
    {
        Assert.Throws<ArgumentException>(() => NbnsPackets.RefreshRequest(1, HostB20, BUnique, 0, false, NbnsOpcode.Release));
        Assert.Throws<ArgumentException>(() => NbnsPackets.NegativeReleaseResponse(1, HostB20, BUnique, NbnsRcode.OK));
        Assert.Throws<ArgumentException>(() => NbnsPackets.NegativeRegistrationResponse(1, HostB20, BUnique, NbnsRcode.OK));
        Assert.Throws<ArgumentException>(() => new NbAddressEntry(default, IPAddress.IPv6Loopback));
        Assert.Throws<ArgumentException>(() => new NodeStatusName(NetBiosName.Create("X", 0, scope: "a.b"), default));
        Assert.Throws<ArgumentException>(() => NbnsRecordName.FromDomain("bad..name"));
        Assert.Throws<ArgumentException>(() => new NodeStatusRData(Enumerable.Repeat(new NodeStatusName(HostB20, default), 256).ToList()));
    }

    private static byte[] EncodedName(string name, byte suffix)
    {
        var buffer = new byte[34];
        var writer = new WireWriter(buffer);
        NetBiosNameCodec.Write(ref writer, Name(name, suffix));
        return buffer;
    }
}
