using System.Net;
using System.Text;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.DatagramService;
using Messngr.Wire.Smb1.Mailslot;
using Messngr.Wire.Tests.Captures;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.DatagramService;

/// <summary>Every UDP 138 packet of the real captures: fields as tshark decodes them (the .txt files), bytes written back unchanged.</summary>
public class NbdsGoldenTests
{
    public static TheoryData<string, int, int, string, string, string> MessengerCaptures => new()
    {
        // capture, MSG_TYPE, DGM_ID, destination name, To, Text (as tshark decodes them in captures/*.txt)
        { "mailslot-messngr-unique", 0x10, 0x5f9f, "HOSTB<03>", "HOSTB", "mailslot unique 174920" },
        { "mailslot-messngr-unique-bcast-scapy", 0x10, 0xcd4c, "HOSTB<03>", "HOSTB", "mailslot unique via bcast (scapy) 174920" },
        { "mailslot-messngr-group-bcast", 0x11, 0x36a8, "LAB<03>", "LAB", "mailslot group 174920" },
        { "mailslot-messngr-impacket-rawlength", 0x10, 0x7728, "HOSTB<03>", "HOSTB", "impacket DGM_LENGTH unfixed 174920" },
    };

    internal static byte[] Encode(NbdsPacket packet) => packet.ToArray();

    internal static byte[] Encode(MessengerDatagram datagram) => datagram.ToArray();

    internal static byte[] Encode(MailslotWrite write) => WirePacket.ToArray(write);

    internal static byte[] Encode(MessengerMailslotMessage message) => WirePacket.ToArray(message);

    internal static IEnumerable<byte[]> AllUdp138Payloads() =>
        new[] { "mailslot-messngr-unique", "mailslot-messngr-unique-bcast-scapy", "mailslot-messngr-group-bcast", "mailslot-messngr-impacket-rawlength", "nmbd-startup", "nmbd-shutdown" }
            .SelectMany(name => Capture.Load(name).Udp(138)).Select(p => p.Payload);

    [Theory]
    [MemberData(nameof(MessengerCaptures))]
    public void Messenger_capture_parses_with_the_fields_tshark_shows(string capture, int type, int id, string destination, string to, string text)
    {
        var bytes = Assert.Single(Capture.Load(capture).Udp(138)).Payload;
        Assert.True(NbdsPacket.TryParse(bytes, out var packet, out var error), error.ToString());
        var datagram = Assert.IsType<NbdsDatagram>(packet);
        Assert.Equal((NbdsMessageType)type, datagram.MessageType);
        Assert.Equal(0x02, datagram.Flags.Value);
        Assert.True(datagram.Flags.First);
        Assert.False(datagram.Flags.More);
        Assert.Equal(NbdsNodeType.B_NODE, datagram.Flags.SourceNodeType);
        Assert.Equal(id, datagram.DatagramId);
        Assert.Equal(IPAddress.Parse("10.99.0.11"), datagram.SourceIp);
        Assert.Equal(138, datagram.SourcePort);
        Assert.Equal(0, datagram.PacketOffset);
        Assert.Equal("HOSTA<00>", datagram.SourceName.ToString());
        Assert.Equal(destination, datagram.DestinationName.ToString());

        Assert.True(MessengerDatagram.TryParse(bytes, out var messenger, out error), error.ToString());
        Assert.Equal(MailslotWrite.MessengerName, messenger.Mailslot.Name);
        Assert.Equal(87, messenger.Mailslot.DataOffset);
        Assert.Equal(0, messenger.Mailslot.ParameterOffset);
        Assert.Equal(1, messenger.Mailslot.Priority);
        Assert.Equal(MailslotClass.SecondClass, messenger.Mailslot.Class);
        Assert.Equal(0u, messenger.Mailslot.Timeout);
        Assert.Equal("alice", messenger.Message.GetFrom());
        Assert.Equal(to, messenger.Message.GetTo());
        Assert.Equal(text, messenger.Message.GetText());
        Assert.True(messenger.Message.TextTerminated);
        Assert.Equal(messenger.Message.EncodedLength, messenger.Mailslot.DataCount);
    }

    [Theory]
    [InlineData("mailslot-messngr-unique")]
    [InlineData("mailslot-messngr-unique-bcast-scapy")]
    [InlineData("mailslot-messngr-group-bcast")]
    public void Correct_messenger_datagrams_pass_the_golden_recipe_at_every_layer(string capture)
    {
        var bytes = Assert.Single(Capture.Load(capture).Udp(138)).Payload;
        var packet = (NbdsDatagram)Golden.Check<NbdsPacket>(bytes, NbdsPacket.TryParse, Encode);
        Assert.False(packet.LengthMismatch);
        Assert.Null(packet.DeclaredLength);
        Golden.Check<MessengerDatagram>(bytes, MessengerDatagram.TryParse, Encode);
        var write = Golden.Check<MailslotWrite>(packet.UserData.ToArray(), MailslotWrite.TryParse, Encode);
        Golden.RoundTrip<MessengerMailslotMessage>(write.Data.ToArray(), MessengerMailslotMessage.TryParse, Encode);
    }

    [Fact]
    public void Impacket_wrong_dgm_length_is_tolerated_recorded_and_reproduced()
    {
        // Impacket 0.10 writes len(user data) = 134 where names + user data = 202 (captures README).
        var bytes = Assert.Single(Capture.Load("mailslot-messngr-impacket-rawlength").Udp(138)).Payload;
        var packet = (NbdsDatagram)Golden.RoundTrip<NbdsPacket>(bytes, NbdsPacket.TryParse, Encode);
        Golden.AtOffset<NbdsPacket>(bytes, NbdsPacket.TryParse, Encode);
        Assert.True(packet.LengthMismatch);
        Assert.Equal((ushort)134, packet.DeclaredLength);
        Assert.Equal(202, packet.Length);
        Assert.Equal(134, packet.UserData.Length);

        // With the SMB and Messenger layers checked too, every prefix is rejected although DGM_LENGTH cannot tell.
        Golden.Check<MessengerDatagram>(bytes, MessengerDatagram.TryParse, Encode);

        // Written afresh, the length is right (202 = 0x00ca).
        var fixedBytes = (packet with { DeclaredLength = null }).ToArray();
        Assert.Equal("00ca", Hex.Format(fixedBytes.AsSpan(10, 2)));
    }

    [Theory]
    [InlineData("nmbd-startup", 6)]
    [InlineData("nmbd-shutdown", 2)]
    public void Nmbd_browse_datagrams_parse_and_round_trip_with_opaque_payload(string capture, int count)
    {
        var payloads = Capture.Load(capture).Udp(138);
        Assert.Equal(count, payloads.Count);
        foreach (var bytes in payloads.Select(p => p.Payload))
        {
            var packet = Assert.IsType<NbdsDatagram>(Golden.Check<NbdsPacket>(bytes, NbdsPacket.TryParse, Encode));
            Assert.Equal(NbdsMessageType.DIRECT_GROUP_DATAGRAM, packet.MessageType);
            Assert.Equal(0x0A, packet.Flags.Value); // F + M node (Samba, protocols.md §3.1)
            Assert.Equal(NbdsNodeType.M_NODE, packet.Flags.SourceNodeType);
            Assert.Equal(IPAddress.Parse("10.99.0.12"), packet.SourceIp);
            Assert.Equal("HOSTB<00>", packet.SourceName.ToString());
            Assert.StartsWith("LAB<1", packet.DestinationName.ToString(), StringComparison.Ordinal);

            var write = Golden.Check<MailslotWrite>(packet.UserData.ToArray(), MailslotWrite.TryParse, Encode);
            Assert.True(write.IsFor(@"\mailslot\browse"));
            Assert.Equal(86, write.DataOffset); // 16-char name, no pad (protocols.md §4.1)
            Assert.Equal(0, write.ParameterOffset);
            Assert.Equal(0u, write.Timeout);

            // Not a Messenger datagram: the composite root says so instead of guessing.
            Assert.False(MessengerDatagram.TryParse(bytes, out _, out var error));
            Assert.Equal(PacketError.UnknownType, error);
        }
    }

    [Fact]
    public void Observed_datagram_of_protocols_section_4_2_is_reproduced_byte_for_byte()
    {
        var bytes = Hex.Parse("""
            10 02 4242 0a4d0002 008a 00be 0000
            20 4544454d454a4546454f46454543434143414341434143414341434143414141 00
            20 454f454e454346454546464446454341434143414341434143414341434141 44 00
            ff534d42 25 00000000 00 0000 0000 0000000000000000 0000 0000 0000 0000 0000
            11 0000 2300 0000 0000 00 00 0000 00000000 0000 0000 5700 2300 5700 03 00
            0100 0100 0200 3500
            5c4d41494c534c4f545c4d4553534e475200
            434c49454e544200 4e4d425445535400 48656c6c6f20766961206d61696c736c6f7400
            """);
        var parsed = Golden.Check<MessengerDatagram>(bytes, MessengerDatagram.TryParse, Encode);
        Assert.Equal(190, parsed.Datagram.Length);
        Assert.Equal("CLIENTB<00>", parsed.Datagram.SourceName.ToString());
        Assert.Equal("NMBTEST<03>", parsed.Datagram.DestinationName.ToString());
        Assert.Equal(IPAddress.Parse("10.77.0.2"), parsed.Datagram.SourceIp);
        Assert.Equal(87, parsed.Mailslot.DataOffset);
        Assert.Equal(35, parsed.Mailslot.DataCount);

        // Built by our writers: the example sets ParameterOffset = DataOffset (source4 style) with no
        // pad, so the layers are assembled by hand; the builder below differs only in that word.
        var message = MessengerMailslotMessage.Create("CLIENTB", "NMBTEST", "Hello via mailslot");
        var write = MailslotWrite.Create(MailslotWrite.MessengerName, Encode(message)) with { ParameterOffset = 87 };
        var datagram = new NbdsDatagram
        {
            DatagramId = 0x4242,
            SourceIp = IPAddress.Parse("10.77.0.2"),
            SourceName = NetBiosName.Create("CLIENTB", 0x00),
            DestinationName = NetBiosName.Create("NMBTEST", 0x03),
            UserData = Encode(write),
        };
        Assert.Equal(Hex.Format(bytes), Hex.Format(datagram.ToArray()));

        var built = MessengerDatagram.CreateDirected(
            NetBiosName.Create("CLIENTB", 0x00), IPAddress.Parse("10.77.0.2"), NetBiosName.Create("NMBTEST", 0x03), message, datagramId: 0x4242).ToArray();
        Assert.Equal(bytes.Length, built.Length);
        Assert.Equal(0, built[14 + 68 + 53] | built[14 + 68 + 54]); // ParameterOffset 0 (Samba s3 layout)
        built[14 + 68 + 53] = 87;
        Assert.Equal(Hex.Format(bytes), Hex.Format(built));
    }

    [Fact]
    public void Golden_packets_survive_random_mutation_at_every_root()
    {
        var seed = 1;
        foreach (var bytes in AllUdp138Payloads())
        {
            Hostile.Mutate<NbdsPacket>(bytes, NbdsPacket.TryParse, 500, seed++);
            Hostile.Mutate<MessengerDatagram>(bytes, MessengerDatagram.TryParse, 500, seed++);
            if (NbdsPacket.TryParse(bytes, out var packet, out _) && packet is NbdsDatagram datagram)
            {
                Hostile.Mutate<MailslotWrite>(datagram.UserData.ToArray(), MailslotWrite.TryParse, 500, seed++);
                if (MailslotWrite.TryParse(datagram.UserData.Span, out var write, out _))
                {
                    Hostile.Mutate<MessengerMailslotMessage>(write.Data.ToArray(), MessengerMailslotMessage.TryParse, 500, seed++);
                }
            }
        }

        Assert.True(seed > 20);
    }

    [Fact]
    public void Capture_payload_text_is_oem_ascii()
    {
        var bytes = Assert.Single(Capture.Load("mailslot-messngr-unique").Udp(138)).Payload;
        Assert.True(MessengerDatagram.TryParse(bytes, out var messenger, out _));
        Assert.Equal("alice\0HOSTB\0mailslot unique 174920\0", Encoding.ASCII.GetString(messenger.Mailslot.Data.Span));
    }
}
