using System.Net;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.DatagramService;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.DatagramService;

/// <summary>NBDS header, flags, the non-datagram types, fragmentation and the DGM_LENGTH rule (RFC 1002 4.4, protocols.md §3).</summary>
public class NbdsPacketTests
{
    private static readonly NetBiosName HostA = NetBiosName.Create("HOSTA", 0x00);
    private static readonly NetBiosName HostB = NetBiosName.Create("HOSTB", 0x03);

    private static NbdsDatagram Datagram(int userData = 3) => new()
    {
        DatagramId = 0x1234,
        SourceIp = IPAddress.Parse("10.99.0.11"),
        SourceName = HostA,
        DestinationName = HostB,
        UserData = Enumerable.Range(1, userData).Select(i => (byte)i).ToArray(),
    };

    private static PacketError Reject(byte[] bytes)
    {
        Assert.False(NbdsPacket.TryParse(bytes, out var packet, out var error));
        Assert.Null(packet);
        return error;
    }

    [Theory]
    [InlineData(NbdsErrorCode.DESTINATION_NAME_NOT_PRESENT, "13 02 4242 0a630001 008a 82")]
    [InlineData(NbdsErrorCode.INVALID_SOURCE_NAME_FORMAT, "13 02 4242 0a630001 008a 83")]
    [InlineData(NbdsErrorCode.INVALID_DESTINATION_NAME_FORMAT, "13 02 4242 0a630001 008a 84")]
    public void Datagram_error_is_eleven_bytes_with_its_code(NbdsErrorCode code, string hex)
    {
        var packet = new NbdsErrorPacket { ErrorCode = code, DatagramId = 0x4242, SourceIp = IPAddress.Parse("10.99.0.1") };
        var bytes = packet.ToArray();
        Assert.Equal(hex.Replace(" ", "", StringComparison.Ordinal), Hex.Format(bytes));
        Assert.Equal(NbdsErrorPacket.Length, bytes.Length);
        Assert.Equal(packet, Golden.Check<NbdsPacket>(bytes, NbdsPacket.TryParse, NbdsGoldenTests.Encode));
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x81)]
    [InlineData(0x85)]
    [InlineData(0xFF)]
    public void Datagram_error_with_an_unknown_code_is_rejected(byte code)
    {
        var bytes = Hex.Parse("13 02 4242 0a630001 008a 00");
        bytes[10] = code;
        Assert.Equal(PacketError.BadValue, Reject(bytes));
    }

    [Fact]
    public void Datagram_error_with_trailing_bytes_is_rejected() =>
        Assert.Equal(PacketError.TrailingBytes, Reject(Hex.Parse("13 02 4242 0a630001 008a 82 00")));

    [Theory]
    [InlineData(NbdsMessageType.DATAGRAM_QUERY_REQUEST)]
    [InlineData(NbdsMessageType.DATAGRAM_POSITIVE_QUERY_RESPONSE)]
    [InlineData(NbdsMessageType.DATAGRAM_NEGATIVE_QUERY_RESPONSE)]
    public void Query_packets_carry_the_destination_name_at_offset_10(NbdsMessageType type)
    {
        var packet = new NbdsQueryPacket { MessageType = type, DatagramId = 7, SourceIp = IPAddress.Parse("10.99.0.11"), DestinationName = HostB };
        var bytes = packet.ToArray();
        Assert.Equal(10 + 34, bytes.Length);
        Assert.Equal((byte)type, bytes[0]);
        Assert.Equal(0x20, bytes[10]);
        Assert.Equal("EIEPFDFEEC" + string.Concat(Enumerable.Repeat("CA", 10)) + "AD", System.Text.Encoding.ASCII.GetString(bytes, 11, 32));
        Assert.Equal(0, bytes[43]);
        Assert.Equal(packet, Golden.Check<NbdsPacket>(bytes, NbdsPacket.TryParse, NbdsGoldenTests.Encode));
    }

    [Fact]
    public void Query_with_a_scoped_name_round_trips()
    {
        var packet = new NbdsQueryPacket { DestinationName = NetBiosName.Create("HOSTB", 3, scope: "lab.example") };
        var parsed = Golden.Check<NbdsPacket>(packet.ToArray(), NbdsPacket.TryParse, NbdsGoldenTests.Encode);
        Assert.Equal("LAB.EXAMPLE", Assert.IsType<NbdsQueryPacket>(parsed).DestinationName.Scope);
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x0F)]
    [InlineData(0x17)]
    [InlineData(0x20)]
    [InlineData(0xFF)]
    public void Unknown_msg_type_is_rejected(byte type)
    {
        var bytes = Datagram().ToArray();
        bytes[0] = type;
        Assert.Equal(PacketError.UnknownType, Reject(bytes));
    }

    [Theory]
    [InlineData(NbdsNodeType.B_NODE, true, false, 0x02)]
    [InlineData(NbdsNodeType.M_NODE, true, false, 0x0A)] // Samba nmbd/smbclient (observed)
    [InlineData(NbdsNodeType.NBDD, true, false, 0x0E)] // Windows H node, Samba source4
    [InlineData(NbdsNodeType.B_NODE, true, true, 0x03)]
    [InlineData(NbdsNodeType.P_NODE, false, false, 0x04)]
    public void Flags_pack_snt_first_and_more(NbdsNodeType node, bool first, bool more, byte value)
    {
        var flags = NbdsFlags.Create(node, first, more);
        Assert.Equal(value, flags.Value);
        Assert.Equal(node, flags.SourceNodeType);
        Assert.Equal(first, flags.First);
        Assert.Equal(more, flags.More);
        Assert.Equal(0, flags.Reserved);
    }

    [Fact]
    public void Reserved_flag_bits_are_tolerated_and_kept()
    {
        var bytes = (Datagram() with { Flags = new NbdsFlags(0xF2) }).ToArray();
        var packet = Golden.Check<NbdsPacket>(bytes, NbdsPacket.TryParse, NbdsGoldenTests.Encode);
        Assert.Equal(0x0F, packet.Flags.Reserved);
    }

    [Fact]
    public void Datagram_header_fields_sit_where_rfc_1002_puts_them()
    {
        var bytes = (Datagram() with { SourcePort = 0x1389, PacketOffset = 0x0102 }).ToArray();
        Assert.Equal("10 02 1234 0a63000b 1389 0047 0102".Replace(" ", "", StringComparison.Ordinal), Hex.Format(bytes.AsSpan(0, 14)));
        Assert.Equal(14 + 34 + 34 + 3, bytes.Length); // DGM_LENGTH 0x47 = 71 = 34 + 34 + 3
        Assert.Equal("010203", Hex.Format(bytes.AsSpan(82)));
    }

    [Fact]
    public void Datagram_with_empty_user_data_round_trips()
    {
        var parsed = Golden.Check<NbdsPacket>(Datagram(0).ToArray(), NbdsPacket.TryParse, NbdsGoldenTests.Encode);
        Assert.Equal(0, Assert.IsType<NbdsDatagram>(parsed).UserData.Length);
    }

    [Fact]
    public void Dgm_length_larger_than_the_datagram_is_rejected()
    {
        var bytes = Datagram().ToArray();
        bytes[10] = 0x00;
        bytes[11] = 0x48; // one more than the 71 bytes present
        Assert.Equal(PacketError.LengthOutOfRange, Reject(bytes));
    }

    [Fact]
    public void Huge_dgm_length_is_rejected()
    {
        var bytes = Datagram().ToArray();
        bytes[10] = 0xFF;
        bytes[11] = 0xFF;
        Assert.Equal(PacketError.LengthOutOfRange, Reject(bytes));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)] // counts only the user data, like Impacket
    [InlineData(70)]
    public void Dgm_length_smaller_than_the_datagram_is_tolerated_and_written_back(int declared)
    {
        var bytes = Datagram().ToArray();
        bytes[11] = (byte)declared;
        var packet = Assert.IsType<NbdsDatagram>(Golden.RoundTrip<NbdsPacket>(bytes, NbdsPacket.TryParse, NbdsGoldenTests.Encode));
        Assert.True(packet.LengthMismatch);
        Assert.Equal((ushort)declared, packet.DeclaredLength);
        Assert.Equal(3, packet.UserData.Length);
    }

    [Fact]
    public void Name_pointer_in_a_datagram_is_rejected()
    {
        // Destination name replaced by a pointer to the source name, as NBNS would allow (§1.6).
        var full = Datagram(0).ToArray();
        byte[] bytes = [.. full[..48], 0xC0, 0x0E];
        bytes[11] = 36;
        Assert.Equal(PacketError.BadPointer, Reject(bytes));
    }

    [Fact]
    public void Datagram_without_destination_name_is_rejected()
    {
        byte[] bytes = [.. Datagram(0).ToArray()[..48]];
        bytes[11] = 34;
        Assert.Equal(PacketError.Truncated, Reject(bytes));
    }

    [Fact]
    public void Badly_encoded_source_name_is_rejected()
    {
        var bytes = Datagram().ToArray();
        bytes[15] = (byte)'Z';
        Assert.Equal(PacketError.BadNameEncoding, Reject(bytes));
    }

    [Fact]
    public void Fragments_follow_rfc_1002_flags_and_offsets()
    {
        var whole = Datagram(1000);
        var fragments = whole.Fragment(466);
        Assert.Equal([0x03, 0x01, 0x00], fragments.Select(f => f.Flags.Value));
        Assert.Equal([0, 466, 932], fragments.Select(f => (int)f.PacketOffset));
        Assert.Equal([466, 466, 68], fragments.Select(f => f.UserData.Length));
        Assert.All(fragments, f => Assert.Equal(whole.DatagramId, f.DatagramId));
        Assert.All(fragments, f => Assert.True(f.EncodedLength + 28 <= NbdsDatagram.MaxDatagramLength));

        var single = Assert.Single(whole.Fragment(1000));
        Assert.Equal(0x02, single.Flags.Value);
        Assert.Equal(0, single.PacketOffset);
    }

    [Fact]
    public void Misuse_raises_argument_exceptions_that_name_the_problem()
    {
        var wrongType = Assert.Throws<ArgumentException>(() => Datagram() with { MessageType = NbdsMessageType.DATAGRAM_ERROR });
        Assert.Contains("0x13", wrongType.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new NbdsQueryPacket { MessageType = NbdsMessageType.BROADCAST_DATAGRAM, DestinationName = HostB });
        Assert.Throws<ArgumentException>(() => new NbdsErrorPacket { MessageType = NbdsMessageType.DIRECT_UNIQUE_DATAGRAM });
        Assert.Throws<ArgumentOutOfRangeException>(() => new NbdsErrorPacket { ErrorCode = (NbdsErrorCode)0x81 });
        Assert.Contains("IPv4", Assert.Throws<ArgumentException>(() => Datagram() with { SourceIp = IPAddress.IPv6Loopback }).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Datagram() with { UserData = new byte[NbdsDatagram.MaxUserDataBytes + 1] });
        Assert.Throws<ArgumentOutOfRangeException>(() => Datagram().Fragment(0));
    }

    [Fact]
    public void Datagram_longer_than_dgm_length_can_describe_is_rejected()
    {
        // 14 + 68 + 65,026 user-data bytes: more than MaxUserDataBytes, so rejected before any copy.
        var bytes = new byte[14 + 68 + NbdsDatagram.MaxUserDataBytes + 1];
        Datagram(0).ToArray().CopyTo(bytes, 0);
        Assert.Equal(PacketError.LengthOutOfRange, Reject(bytes));
    }

    [Fact]
    public void Random_input_never_throws()
    {
        Hostile.Mutate<NbdsPacket>(Datagram(20).ToArray(), NbdsPacket.TryParse);
        Hostile.Mutate<NbdsPacket>(new NbdsErrorPacket().ToArray(), NbdsPacket.TryParse);
        Hostile.Mutate<NbdsPacket>(new NbdsQueryPacket { DestinationName = HostB }.ToArray(), NbdsPacket.TryParse);
    }
}
