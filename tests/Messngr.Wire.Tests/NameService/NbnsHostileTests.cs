using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;
using Messngr.Wire.Tests.Support;
using static Messngr.Wire.Tests.NameService.NbnsTestData;

namespace Messngr.Wire.Tests.NameService;

/// <summary>Named regression inputs: each holds its bytes and the clean rejection it must get.</summary>
public class NbnsHostileTests
{
    // HOSTB<20> fully encoded (34 bytes).
    private static readonly string HostB = "20" + Hex.Format("EIEPFDFEECCACACACACACACACACACACA"u8) + "00";

    private static PacketError Reject(string hex)
    {
        var ok = NbnsPacket.TryParse(Hex.Parse(hex), out var packet, out var error);
        Assert.False(ok, $"accepted: {packet}");
        Assert.Null(packet);
        return error;
    }

    private static string StatusResponse(int numNames, int namesPresent, int statisticsBytes, int? rdLength = null)
    {
        var rdata = Hex.Format([(byte)numNames]) + string.Concat(Enumerable.Repeat(Hex.Format("HOSTB          \u0003"u8) + "0400", namesPresent))
            + new string('0', statisticsBytes * 2);
        var length = rdLength ?? (rdata.Length / 2);
        return "1234 8400 0000 0001 0000 0000" + Hex.Format(Hex.Parse(NbnsGoldenWildcard)) + "0021 0001 00000000" + length.ToString("x4", null) + rdata;
    }

    private const string NbnsGoldenWildcard = "20 434b414141414141414141414141414141414141414141414141414141414141 00";

    [Fact]
    public void Empty_datagram_is_rejected() => Assert.Equal(PacketError.Truncated, Reject(""));

    [Fact]
    public void Header_alone_with_no_entries_is_accepted()
    {
        Assert.True(NbnsPacket.TryParse(Hex.Parse("1234 0000 0000 0000 0000 0000"), out var packet, out _));
        Assert.Empty(packet!.Questions);
    }

    [Theory]
    [InlineData("1234 0110 ffff 0000 0000 0000")]
    [InlineData("1234 8500 0000 ffff 0000 0000")]
    [InlineData("1234 8500 0000 0000 ffff 0000")]
    [InlineData("1234 2910 0001 0000 0000 ffff")]
    [InlineData("1234 2910 0011 0000 0000 0000")]
    public void Counts_of_0xFFFF_or_above_the_budget_are_rejected(string header) =>
        Assert.Equal(PacketError.CountOutOfRange, Reject(header + HostB + "0020 0001"));

    [Fact]
    public void Answer_count_larger_than_the_bytes_could_hold_is_rejected() =>
        Assert.Equal(PacketError.CountOutOfRange, Reject("1234 8500 0000 0005 0000 0000" + HostB + "0020 0001 00000000 0006 0000 0a63000c"));

    [Fact]
    public void Rdlength_beyond_the_end_is_rejected() =>
        Assert.Equal(PacketError.LengthOutOfRange, Reject("1234 8500 0000 0001 0000 0000" + HostB + "0020 0001 00000000 ffff 0000 0a63000c"));

    [Fact]
    public void Rdlength_one_past_the_end_is_rejected() =>
        Assert.Equal(PacketError.LengthOutOfRange, Reject("1234 8500 0000 0001 0000 0000" + HostB + "0020 0001 00000000 0007 0000 0a63000c"));

    [Fact]
    public void Nb_rdata_that_is_not_a_whole_number_of_address_entries_is_rejected() =>
        Assert.Equal(PacketError.BadValue, Reject("1234 8500 0000 0001 0000 0000" + HostB + "0020 0001 00000000 0005 0000 0a630000"));

    [Fact]
    public void Bytes_after_the_last_record_are_rejected() =>
        Assert.Equal(PacketError.TrailingBytes, Reject("1234 0110 0001 0000 0000 0000" + HostB + "0020 0001 00"));

    [Fact]
    public void Datagram_above_the_size_limit_is_rejected()
    {
        var bytes = new byte[NbnsPacket.MaxLength + 1];
        Assert.False(NbnsPacket.TryParse(bytes, out _, out var error));
        Assert.Equal(PacketError.LengthOutOfRange, error);
    }

    [Fact]
    public void Node_status_well_formed_reference_is_accepted()
    {
        Assert.True(NbnsPacket.TryParse(Hex.Parse(StatusResponse(2, 2, 46)), out var packet, out var error), error.ToString());
        Assert.Equal(2, ((NodeStatusRData)packet!.Answer!.Data).Names.Count);
    }

    [Fact]
    public void NodeStatus_with_num_names_larger_than_the_rdata_is_rejected() =>
        Assert.Equal(PacketError.CountOutOfRange, Reject(StatusResponse(200, 2, 46)));

    [Fact]
    public void NodeStatus_with_truncated_name_table_is_rejected() =>
        Assert.Equal(PacketError.CountOutOfRange, Reject(StatusResponse(3, 2, 0)));

    [Fact]
    public void NodeStatus_with_truncated_statistics_is_rejected() =>
        Assert.Equal(PacketError.Truncated, Reject(StatusResponse(2, 2, 42)));

    [Fact]
    public void NodeStatus_without_statistics_is_rejected() =>
        Assert.Equal(PacketError.Truncated, Reject(StatusResponse(2, 2, 0)));

    [Fact]
    public void NodeStatus_with_statistics_longer_than_46_bytes_is_rejected() =>
        Assert.Equal(PacketError.TrailingBytes, Reject(StatusResponse(2, 2, 50)));

    [Fact]
    public void NodeStatus_whose_rdlength_overstates_the_rdata_is_rejected() =>
        Assert.Equal(PacketError.LengthOutOfRange, Reject(StatusResponse(2, 2, 46, rdLength: 0x0100)));

    [Fact]
    public void Rr_name_pointing_at_itself_is_rejected() =>
        // The additional RR's name sits at offset 50 and points to 50 (0xC032).
        Assert.Equal(PacketError.BadPointer, Reject("1234 2910 0001 0000 0000 0001" + HostB + "0020 0001 c032 0020 0001 00000000 0006 0000 0a63000c"));

    [Fact]
    public void Rr_name_pointing_forward_is_rejected() =>
        Assert.Equal(PacketError.BadPointer, Reject("1234 2910 0001 0000 0000 0001" + HostB + "0020 0001 c040 0020 0001 00000000 0006 0000 0a63000c"));

    [Fact]
    public void Rr_name_pointing_outside_the_message_is_rejected() =>
        Assert.Equal(PacketError.BadPointer, Reject("1234 2910 0001 0000 0000 0001" + HostB + "0020 0001 ffff 0020 0001 00000000 0006 0000 0a63000c"));

    [Fact]
    public void Rr_name_pointer_chain_longer_than_the_hop_budget_is_rejected()
    {
        // Nine answers, each named by a pointer to the previous answer's name: the last needs 9 hops.
        var hex = new System.Text.StringBuilder("1234 8500 0000 000a 0000 0000");
        hex.Append(HostB).Append("0020 0001 00000000 0000");
        var previous = 12;
        for (var i = 0; i < 9; i++)
        {
            var offset = 12 + 44 + (i * 12);
            hex.Append((0xC000 | previous).ToString("x4", null)).Append("0020 0001 00000000 0000");
            previous = offset;
        }

        Assert.Equal(PacketError.BadPointer, Reject(hex.ToString()));
    }

    [Fact]
    public void Rr_name_pointing_into_the_header_is_rejected() =>
        Assert.Equal(PacketError.BadNameEncoding, Reject("1234 2910 0001 0000 0000 0001" + HostB + "0020 0001 c002 0020 0001 00000000 0006 0000 0a63000c"));

    [Fact]
    public void Question_name_that_is_not_half_ascii_is_rejected() =>
        Assert.Equal(PacketError.BadNameEncoding, Reject("1234 0110 0001 0000 0000 0000 20" + new string('5', 64) + "00 0020 0001"));

    [Fact]
    public void Label_with_reserved_length_bits_is_rejected() =>
        Assert.Equal(PacketError.BadNameEncoding, Reject("1234 0110 0001 0000 0000 0000 80" + new string('4', 64) + "00 0020 0001"));

    [Fact]
    public void A_record_domain_name_pointer_loop_is_rejected() =>
        Assert.Equal(PacketError.BadPointer, Reject("1234 8100 0000 0000 0000 0001 c00c 0001 0001 00000000 0004 0a630001"));

    [Fact]
    public void Ns_rdata_whose_name_runs_past_rdlength_is_rejected() =>
        Assert.Equal(PacketError.LengthOutOfRange, Reject("1234 8100 0000 0000 0001 0000" + HostB + "0002 0001 00000000 0002 0477696e7300"));

    [Fact]
    public void Ns_rdata_with_rdlength_beyond_the_end_is_rejected() =>
        Assert.Equal(PacketError.LengthOutOfRange, Reject("1234 8100 0000 0000 0001 0000" + HostB + "0002 0001 00000000 00ff 0477696e7300"));

    [Fact]
    public void A_rdata_that_is_not_four_bytes_is_rejected() =>
        Assert.Equal(PacketError.TrailingBytes, Reject("1234 8100 0000 0000 0000 0001 0477696e7300 0001 0001 00000000 0005 0a63000100"));

    [Fact]
    public void Unknown_rr_type_is_kept_raw_and_round_trips()
    {
        var bytes = Hex.Parse("1234 8500 0000 0001 0000 0000" + HostB + "00ff 0001 00000000 0003 010203");
        var packet = Golden.Check<NbnsPacket>(bytes, NbnsPacket.TryParse, Encode);
        Assert.Equal("010203", Hex.Format(Assert.IsType<UnknownRData>(packet.Answer!.Data).Bytes));
    }

    [Fact]
    public void Wack_with_the_rfc_type_0x0020_is_read_as_wack()
    {
        // RFC 1002 4.2.16 prints the WACK RR_TYPE as "NULL (0x0020)"; Wireshark accepts it, so do we.
        var bytes = Hex.Parse("2002 bc00 0000 0001 0000 0000" + HostB + "0020 0001 0000003c 0002 2900");
        var packet = Golden.Check<NbnsPacket>(bytes, NbnsPacket.TryParse, Encode);
        Assert.Equal(0x2900, Assert.IsType<WackRData>(packet.Answer!.Data).RequestFlags.Value);
    }

    [Fact]
    public void Reserved_flag_bits_survive_a_round_trip() =>
        Golden.Check<NbnsPacket>(Hex.Parse("1234 0170 0001 0000 0000 0000" + HostB + "0020 0001"), NbnsPacket.TryParse, Encode);

    [Fact]
    public void Rr_name_with_a_pointer_after_its_first_label_is_accepted_and_written_in_full()
    {
        // Question HOSTB<20> with scope LAB; the RR names HOSTB<20> by its first label, then points to the scope labels.
        var scoped = "20" + Hex.Format("EIEPFDFEECCACACACACACACACACACACA"u8) + "034c414200";
        var hex = "1234 2910 0001 0000 0000 0001" + scoped + "0020 0001 20" + Hex.Format("EIEPFDFEECCACACACACACACACACACACA"u8) + "c02d 0020 0001 00000000 0006 0000 0a63000c";
        var packet = Parse(Hex.Parse(hex));
        Assert.Equal(NetBiosName.Create("HOSTB", 0x20, scope: "LAB"), packet.Additional!.NetBiosName);
        Assert.Null(packet.Additional.Name.Pointer);
        Assert.Equal(packet, Parse(packet.ToArray()));
    }

    public static TheoryData<string> CatalogueKinds()
    {
        var data = new TheoryData<string>();
        foreach (var row in NbnsPacketsTests.Catalogue())
        {
            data.Add((string)row[0]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CatalogueKinds))]
    public void Catalogue_packet_survives_mutation(string kind) =>
        Hostile.Mutate<NbnsPacket>(NbnsPacketsTests.Build(kind).ToArray(), NbnsPacket.TryParse, iterations: 300);
}
