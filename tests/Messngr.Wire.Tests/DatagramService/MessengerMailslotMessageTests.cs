using System.Net;
using System.Text;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.DatagramService;
using Messngr.Wire.Smb1.Mailslot;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.DatagramService;

/// <summary>The <c>From\0To\0Text\0</c> payload (protocols.md §4.2) and the whole-datagram builder (§4.3).</summary>
public class MessengerMailslotMessageTests
{
    private static readonly NetBiosName Sender = NetBiosName.Create("HOSTA", 0x00);
    private static readonly IPAddress SenderIp = IPAddress.Parse("10.99.0.11");

    private static byte[] Encode(MessengerMailslotMessage message) => WirePacket.ToArray(message);

    private static PacketError Reject(string ascii)
    {
        Assert.False(MessengerMailslotMessage.TryParse(Encoding.Latin1.GetBytes(ascii), out var message, out var error));
        Assert.Null(message);
        return error;
    }

    [Fact]
    public void Win98_payload_from_the_classicstack_note_parses()
    {
        // "WIN98USER\0WORKGROUP\0HELLO WORLD\0", DataCount 32 (protocols.md §4.2).
        var bytes = Encoding.ASCII.GetBytes("WIN98USER\0WORKGROUP\0HELLO WORLD\0");
        Assert.Equal(32, bytes.Length);
        // Not Golden.Check: a prefix that cuts only the final NUL is a valid payload (tolerated, §4.2).
        var message = Golden.RoundTrip<MessengerMailslotMessage>(bytes, MessengerMailslotMessage.TryParse, Encode);
        Golden.AtOffset<MessengerMailslotMessage>(bytes, MessengerMailslotMessage.TryParse, Encode);
        Assert.Equal("WIN98USER", message.GetFrom());
        Assert.Equal("WORKGROUP", message.GetTo());
        Assert.Equal("HELLO WORLD", message.GetText());
        Assert.True(message.TextTerminated);
    }

    [Fact]
    public void Missing_final_nul_is_tolerated_and_reproduced()
    {
        var bytes = Encoding.ASCII.GetBytes("alice\0HOSTB\0no terminator");
        var message = Golden.RoundTrip<MessengerMailslotMessage>(bytes, MessengerMailslotMessage.TryParse, Encode);
        Assert.False(message.TextTerminated);
        Assert.Equal("no terminator", message.GetText());
    }

    [Fact]
    public void Empty_text_with_and_without_nul_is_accepted()
    {
        Assert.True(Golden.RoundTrip<MessengerMailslotMessage>(Encoding.ASCII.GetBytes("a\0b\0\0"), MessengerMailslotMessage.TryParse, Encode).TextTerminated);
        Assert.False(Golden.RoundTrip<MessengerMailslotMessage>(Encoding.ASCII.GetBytes("a\0b\0"), MessengerMailslotMessage.TryParse, Encode).TextTerminated);
    }

    [Fact]
    public void Oem_text_and_windows_line_breaks_are_decoded()
    {
        var message = Golden.RoundTrip<MessengerMailslotMessage>([.. "J\x9aRGEN\0PC\0line1\x14line2\r\nline3\0".Select(c => (byte)c)], MessengerMailslotMessage.TryParse, Encode);
        Assert.Equal("JÜRGEN", message.GetFrom());
        Assert.Equal("line1\nline2\nline3", message.GetText());
    }

    [Fact]
    public void Create_encodes_oem_and_turns_line_breaks_into_0x14()
    {
        var message = MessengerMailslotMessage.Create("jürgen", "LAB", "a\r\nb\nc");
        Assert.Equal("6a81726765" + "6e00" + "4c414200" + "61146214" + "6300", Hex.Format(Encode(message)));
        Assert.Equal([0x6A, 0x81, 0x72, 0x67, 0x65, 0x6E], message.From.ToArray());
        Assert.Equal("a\u0014b\u0014c", Encoding.Latin1.GetString(message.Text.Span));
        Assert.Contains("U+20AC", Assert.Throws<ArgumentException>(() => MessengerMailslotMessage.Create("a", "b", "price: 5€")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_without_nul_is_rejected() => Assert.Equal(PacketError.MissingTerminator, Reject("alice"));

    [Fact]
    public void To_without_nul_is_rejected() => Assert.Equal(PacketError.MissingTerminator, Reject("alice\0HOSTB"));

    [Fact]
    public void Empty_payload_is_rejected() => Assert.Equal(PacketError.MissingTerminator, Reject(""));

    [Fact]
    public void From_longer_than_the_bound_is_rejected() => Assert.Equal(PacketError.LengthOutOfRange, Reject(new string('A', 65) + "\0B\0text\0"));

    [Fact]
    public void To_longer_than_the_bound_is_rejected() => Assert.Equal(PacketError.LengthOutOfRange, Reject("A\0" + new string('B', 65) + "\0text\0"));

    [Fact]
    public void Text_longer_than_652_bytes_is_rejected()
    {
        Assert.Equal(PacketError.LengthOutOfRange, Reject("A\0B\0" + new string('t', 653) + "\0"));
        Assert.Equal(PacketError.LengthOutOfRange, Reject("A\0B\0" + new string('t', 653)));
        Assert.True(MessengerMailslotMessage.TryParse(Encoding.ASCII.GetBytes("A\0B\0" + new string('t', 652) + "\0"), out _, out _));
    }

    /// <summary>Issue #11 item 9: every trailing-bytes variant a real sender leaves after the Text's NUL.</summary>
    [Theory]
    [InlineData("00", "text\\0\\0: a second NUL")]
    [InlineData("000000", "padding to a 4-byte boundary")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000", "a fixed-size buffer's zeros")]
    [InlineData("00 78797a 00", "leftovers of an earlier, longer text")]
    [InlineData("ff ff", "non-zero garbage")]
    public void Bytes_after_the_text_nul_are_tolerated_kept_apart_and_written_back(string trailingHex, string why)
    {
        var trailing = Hex.Parse(trailingHex);
        byte[] bytes = [.. Encoding.ASCII.GetBytes("alice\0HOSTB\0hello\0"), .. trailing];
        var message = Golden.RoundTrip<MessengerMailslotMessage>(bytes, MessengerMailslotMessage.TryParse, Encode);
        Golden.AtOffset<MessengerMailslotMessage>(bytes, MessengerMailslotMessage.TryParse, Encode);
        Assert.True(message.TextTerminated, why);
        Assert.Equal("hello", message.GetText());
        Assert.Equal("HOSTB", message.GetTo());
        Assert.True(message.HasTrailingBytes);
        Assert.Equal(Hex.Format(trailing), Hex.Format(message.Trailing.ToArray()));
        Assert.Equal(bytes.Length, message.EncodedLength);
    }

    [Fact]
    public void A_well_formed_payload_has_no_trailing_bytes()
    {
        Assert.True(MessengerMailslotMessage.TryParse(Encoding.ASCII.GetBytes("alice\0HOSTB\0hello\0"), out var message, out _));
        Assert.False(message!.HasTrailingBytes);
        Assert.True(MessengerMailslotMessage.TryParse(Encoding.ASCII.GetBytes("alice\0HOSTB\0no nul"), out message, out _));
        Assert.False(message!.HasTrailingBytes);
    }

    [Fact]
    public void A_text_over_652_bytes_is_still_rejected_when_a_nul_and_trailing_bytes_follow() =>
        Assert.Equal(PacketError.LengthOutOfRange, Reject("A\0B\0" + new string('t', 653) + "\0\0\0"));

    [Fact]
    public void A_datagram_whose_payload_has_trailing_bytes_parses_and_round_trips()
    {
        byte[] payload = [.. Encoding.ASCII.GetBytes("alice\0LAB\0to all\0"), 0, 0, 0, 0, 0, 0, 0];
        var datagram = new NbdsDatagram
        {
            MessageType = NbdsMessageType.DIRECT_GROUP_DATAGRAM,
            SourceName = Sender,
            DestinationName = NetBiosName.Create("LAB", 0x00),
            UserData = WirePacket.ToArray(MailslotWrite.Create(MailslotWrite.MessengerName, payload, MailslotPadding.Align4)),
        };
        var bytes = datagram.ToArray();
        var parsed = Golden.Check<MessengerDatagram>(bytes, MessengerDatagram.TryParse, d => d.ToArray());
        Assert.Equal("to all", parsed.Message.GetText());
        Assert.Equal(7, parsed.Message.Trailing.Length);
    }

    [Fact]
    public void Misuse_raises_argument_exceptions()
    {
        Assert.Throws<ArgumentException>(() => new MessengerMailslotMessage { From = new byte[] { 0x41, 0x00 } });
        Assert.Throws<ArgumentException>(() => new MessengerMailslotMessage { To = new byte[MessengerMailslotMessage.MaxNameBytes + 1] });
        Assert.Throws<ArgumentException>(() => MessengerMailslotMessage.Create("a", "b", new string('x', 653)));
    }

    [Fact]
    public void Directed_datagram_is_direct_unique_to_the_messenger_name()
    {
        var message = MessengerMailslotMessage.Create("alice", "HOSTB", "hi");
        var datagram = MessengerDatagram.CreateDirected(Sender, SenderIp, NetBiosName.Create("HOSTB", 0x03), message, 0x5f9f);
        var bytes = datagram.ToArray();
        Assert.Equal(0x10, bytes[0]);
        Assert.Equal(0x02, bytes[1]);
        Assert.Equal(87, datagram.Mailslot.DataOffset);
        Assert.Equal(datagram, Golden.Check<MessengerDatagram>(bytes, MessengerDatagram.TryParse, d => d.ToArray()));
        Assert.True(NbdsPacket.TryParse(bytes, out var packet, out _));
        Assert.Equal("HOSTB<03>", Assert.IsType<NbdsDatagram>(packet).DestinationName.ToString());
    }

    [Fact]
    public void Group_broadcast_is_direct_group_to_the_workgroup_with_windows_padding()
    {
        var message = MessengerMailslotMessage.Create("alice", "LAB", "to everyone");
        var datagram = MessengerDatagram.CreateGroupBroadcast(Sender, SenderIp, NetBiosName.Create("LAB", 0x00), message, 7, MailslotPadding.Align4, NbdsNodeType.NBDD);
        var bytes = datagram.ToArray();
        Assert.Equal(0x11, bytes[0]);
        Assert.Equal(0x0E, bytes[1]);
        Assert.Equal(88, datagram.Mailslot.DataOffset);
        Assert.Equal(datagram, Golden.Check<MessengerDatagram>(bytes, MessengerDatagram.TryParse, d => d.ToArray()));
    }

    [Fact]
    public void Payload_of_exactly_424_bytes_is_allowed_and_425_is_refused_clearly()
    {
        // "a\0b\0" + text + "\0": 5 bytes of framing.
        var fits = MessengerMailslotMessage.Create("a", "b", new string('x', MessageLimits.MailslotPayloadBytes - 5));
        Assert.Equal(424, fits.EncodedLength);
        var datagram = MessengerDatagram.CreateDirected(Sender, SenderIp, NetBiosName.Create("HOSTB", 3), fits, 1, MailslotPadding.Align4);
        Assert.True(datagram.Mailslot.EncodedLength <= 512); // Windows' SMB part cap ([MS-MAIL] note <2>)

        var tooLong = MessengerMailslotMessage.Create("a", "b", new string('x', MessageLimits.MailslotPayloadBytes - 4));
        var ex = Assert.Throws<ArgumentException>(() => MessengerDatagram.CreateGroupBroadcast(Sender, SenderIp, NetBiosName.Create("LAB", 0), tooLong, 1));
        Assert.Contains("425", ex.Message, StringComparison.Ordinal);
        Assert.Contains("424", ex.Message, StringComparison.Ordinal);
        Assert.Equal("message", ex.ParamName);
    }

    [Fact]
    public void Non_datagram_packets_and_other_mailslots_are_not_messenger_datagrams()
    {
        Assert.False(MessengerDatagram.TryParse(new NbdsErrorPacket().ToArray(), out _, out var error));
        Assert.Equal(PacketError.UnknownType, error);

        var browse = new NbdsDatagram
        {
            SourceName = Sender,
            DestinationName = NetBiosName.Create("LAB", 0x1E),
            UserData = WirePacket.ToArray(MailslotWrite.Create(MailslotWrite.BrowseName, new byte[] { 1, 2 })),
        };
        Assert.False(MessengerDatagram.TryParse(browse.ToArray(), out _, out error));
        Assert.Equal(PacketError.UnknownType, error);
    }

    [Fact]
    public void Messenger_datagram_with_a_bad_payload_is_rejected()
    {
        // Databytes "alice" without any NUL inside an otherwise good datagram.
        var datagram = new NbdsDatagram
        {
            SourceName = Sender,
            DestinationName = NetBiosName.Create("HOSTB", 3),
            UserData = WirePacket.ToArray(MailslotWrite.Create(MailslotWrite.MessengerName, Encoding.ASCII.GetBytes("alice"))),
        };
        Assert.False(MessengerDatagram.TryParse(datagram.ToArray(), out _, out var error));
        Assert.Equal(PacketError.MissingTerminator, error);
    }

    [Fact]
    public void Random_input_never_throws()
    {
        Hostile.Mutate<MessengerMailslotMessage>(Encoding.ASCII.GetBytes("alice\0HOSTB\0hello there\0"), MessengerMailslotMessage.TryParse);
        var datagram = MessengerDatagram.CreateDirected(Sender, SenderIp, NetBiosName.Create("HOSTB", 3), MessengerMailslotMessage.Create("alice", "HOSTB", "hello"), 9);
        Hostile.Mutate<MessengerDatagram>(datagram.ToArray(), MessengerDatagram.TryParse);
    }
}
