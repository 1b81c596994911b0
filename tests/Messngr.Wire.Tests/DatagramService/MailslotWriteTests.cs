using System.Text;
using Messngr.Wire.Smb1.Mailslot;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.DatagramService;

/// <summary>SMB_COM_TRANSACTION mailslot writes ([MS-MAIL] 2.2.1, protocols.md §4.1): both layouts, the hostile cases.</summary>
public class MailslotWriteTests
{
    private static readonly byte[] Payload = Encoding.ASCII.GetBytes("CLIENTB\0NMBTEST\0Hello via mailslot\0");

    // The SMB part of protocols.md §4.2 (Samba layout, except ParameterOffset = DataOffset).
    private static readonly byte[] Observed = Hex.Parse("""
        ff534d42 25 00000000 00 0000 0000 0000000000000000 0000 0000 0000 0000 0000
        11 0000 2300 0000 0000 00 00 0000 00000000 0000 0000 5700 2300 5700 03 00
        0100 0100 0200 3500
        5c4d41494c534c4f545c4d4553534e475200
        434c49454e544200 4e4d425445535400 48656c6c6f20766961206d61696c736c6f7400
        """);

    private static byte[] Encode(MailslotWrite write) => WirePacket.ToArray(write);

    private static PacketError Reject(byte[] bytes)
    {
        Assert.False(MailslotWrite.TryParse(bytes, out var write, out var error));
        Assert.Null(write);
        return error;
    }

    private static byte[] Patch(int offset, params byte[] values)
    {
        var bytes = Observed.ToArray();
        values.CopyTo(bytes, offset);
        return bytes;
    }

    [Fact]
    public void Observed_mailslot_write_parses_every_field()
    {
        var write = Golden.Check<MailslotWrite>(Observed, MailslotWrite.TryParse, Encode);
        Assert.Equal(MailslotWrite.SambaHeader, write.Header);
        Assert.Equal(MailslotWrite.MessengerName, write.Name);
        Assert.Equal(87, write.DataOffset);
        Assert.Equal(35, write.DataCount);
        Assert.Equal(53, write.ByteCount);
        Assert.Equal(87, write.ParameterOffset);
        Assert.Equal(1, write.Priority);
        Assert.Equal(MailslotClass.SecondClass, write.Class);
        Assert.Equal(0, write.Padding.Length);
        Assert.Null(write.DeclaredByteCount);
        Assert.Equal(Payload, write.Data.ToArray());
    }

    [Fact]
    public void Samba_layout_has_data_offset_87_and_no_parameter_offset()
    {
        var bytes = Encode(MailslotWrite.Create(MailslotWrite.MessengerName, Payload));
        Assert.Equal("5700", Hex.Format(bytes.AsSpan(57, 2)));
        Assert.Equal("0000", Hex.Format(bytes.AsSpan(53, 2)));
        Assert.Equal(Payload, bytes[87..]);
    }

    [Fact]
    public void Windows_layout_pads_to_data_offset_88_and_sets_parameter_offset()
    {
        var write = MailslotWrite.Create(MailslotWrite.MessengerName, Payload, MailslotPadding.Align4, priority: 0);
        var bytes = Encode(write);
        Assert.Equal(88, write.DataOffset);
        Assert.Equal("5800", Hex.Format(bytes.AsSpan(57, 2))); // DataOffset
        Assert.Equal("5800", Hex.Format(bytes.AsSpan(53, 2))); // ParameterOffset = DataOffset
        Assert.Equal("3600", Hex.Format(bytes.AsSpan(67, 2))); // ByteCount 18 + 1 + 35
        Assert.Equal(0, bytes[87]);
        Assert.Equal(Payload, bytes[88..]);
        var parsed = Golden.Check<MailslotWrite>(bytes, MailslotWrite.TryParse, Encode);
        Assert.Equal(1, parsed.Padding.Length);
        Assert.Equal(Payload, parsed.Data.ToArray());
    }

    [Fact]
    public void Ms_mail_example_name_of_31_characters_gets_data_offset_104()
    {
        // [MS-MAIL] 4: a 31-character name, 3 pad bytes, DataOffset 104.
        var name = @"\MAILSLOT\" + new string('X', 21);
        var write = MailslotWrite.Create(name, new byte[] { 1, 2, 3 }, MailslotPadding.Align4);
        Assert.Equal(104, write.DataOffset);
        Assert.Equal(3, write.Padding.Length);
        Golden.Check<MailslotWrite>(Encode(write), MailslotWrite.TryParse, Encode);
    }

    [Fact]
    public void Windows_client_header_values_round_trip()
    {
        var write = MailslotWrite.Create(MailslotWrite.MessengerName, Payload, MailslotPadding.Align4) with
        {
            Header = MailslotWrite.WindowsClientHeader,
            MaxParameterCount = 2,
        };
        var bytes = Encode(write);
        Assert.Equal(0x18, bytes[9]);
        Assert.Equal("0400", Hex.Format(bytes.AsSpan(10, 2)));
        Assert.Equal("fffe", Hex.Format(bytes.AsSpan(26, 2)));
        Assert.Equal(write, Golden.Check<MailslotWrite>(bytes, MailslotWrite.TryParse, Encode));
    }

    [Theory]
    [InlineData(@"\MAILSLOT\MESSNGR", true)]
    [InlineData(@"\mailslot\messngr", true)]
    [InlineData(@"\MailSlot\Messngr", true)]
    [InlineData(@"\MAILSLOT\BROWSE", false)]
    [InlineData(@"\MAILSLOT\MESSNGR\X", false)]
    public void Mailslot_names_compare_case_insensitively(string name, bool messenger)
    {
        Assert.Equal(messenger, MailslotWrite.NamesEqual(name, MailslotWrite.MessengerName));
        Assert.Equal(messenger, MailslotWrite.Create(name, Payload).IsFor(MailslotWrite.MessengerName));
    }

    [Fact]
    public void Lower_case_name_on_the_wire_is_kept_as_sent()
    {
        var bytes = Encode(MailslotWrite.Create(@"\mailslot\messngr", Payload));
        Assert.True(MailslotWrite.TryParse(bytes, out var write, out _));
        Assert.Equal(@"\mailslot\messngr", write.Name);
    }

    [Fact]
    public void Bad_protocol_magic_is_rejected() => Assert.Equal(PacketError.BadMagic, Reject(Patch(1, (byte)'X')));

    [Fact]
    public void Smb2_protocol_id_is_rejected_as_unsupported() => Assert.Equal(PacketError.Unsupported, Reject(Patch(0, 0xFE)));

    [Fact]
    public void Other_smb_command_is_rejected() => Assert.Equal(PacketError.UnknownType, Reject(Patch(4, 0x32)));

    [Theory]
    [InlineData(0)]
    [InlineData(14)]
    [InlineData(16)]
    [InlineData(18)]
    [InlineData(255)]
    public void Word_count_other_than_17_is_rejected(byte wordCount) => Assert.Equal(PacketError.BadValue, Reject(Patch(32, wordCount)));

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(255)]
    public void Setup_count_other_than_3_is_rejected(byte setupCount) => Assert.Equal(PacketError.BadValue, Reject(Patch(59, setupCount)));

    [Fact]
    public void Opcode_other_than_write_is_rejected() => Assert.Equal(PacketError.BadValue, Reject(Patch(61, 2, 0)));

    [Fact]
    public void Parameters_in_a_mailslot_write_are_rejected()
    {
        Assert.Equal(PacketError.BadValue, Reject(Patch(33, 1, 0))); // TotalParameterCount
        Assert.Equal(PacketError.BadValue, Reject(Patch(51, 1, 0))); // ParameterCount
    }

    [Fact]
    public void Total_data_count_different_from_data_count_is_rejected() => Assert.Equal(PacketError.BadValue, Reject(Patch(35, 0x24, 0)));

    [Fact]
    public void Data_offset_beyond_the_packet_is_rejected()
    {
        Assert.Equal(PacketError.LengthOutOfRange, Reject(Patch(57, 0xFF, 0xFF)));
        Assert.Equal(PacketError.LengthOutOfRange, Reject(Patch(57, 0x7B, 0x00))); // 123 = length + 1
    }

    [Fact]
    public void Data_count_beyond_the_packet_is_rejected()
    {
        Assert.Equal(PacketError.LengthOutOfRange, Reject(Patch(35, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF)));
        Assert.Equal(PacketError.LengthOutOfRange, Reject(Patch(35, 0x24, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x57, 0, 0x24, 0)));
    }

    [Fact]
    public void Data_offset_inside_the_name_is_rejected() => Assert.Equal(PacketError.LengthOutOfRange, Reject(Patch(57, 0x50, 0x00)));

    [Fact]
    public void Data_offset_before_the_byte_block_is_rejected() => Assert.Equal(PacketError.LengthOutOfRange, Reject(Patch(57, 0x00, 0x00)));

    [Fact]
    public void Data_that_does_not_end_the_packet_is_rejected()
    {
        // DataCount and TotalDataCount one short: the last byte would be left over.
        Assert.Equal(PacketError.TrailingBytes, Reject(Patch(35, 0x22, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x22, 0)));
    }

    [Fact]
    public void Padding_longer_than_the_bound_is_rejected()
    {
        var write = MailslotWrite.Create(MailslotWrite.MessengerName, new byte[100]) with { Padding = new byte[MailslotWrite.MaxPaddingBytes] };
        var bytes = Encode(write);
        Assert.True(MailslotWrite.TryParse(bytes, out _, out _));
        bytes[57]++; // DataOffset one further: 65 pad bytes, one data byte short
        bytes[35]--;
        bytes[55]--;
        Assert.Equal(PacketError.LengthOutOfRange, Reject(bytes));
    }

    [Fact]
    public void Mailslot_name_without_nul_is_rejected()
    {
        var bytes = Observed[..86]; // cut right before the name's NUL
        bytes[67] = 17;
        Assert.Equal(PacketError.MissingTerminator, Reject(bytes));
    }

    [Fact]
    public void Mailslot_name_not_under_mailslot_is_rejected()
    {
        var bytes = Patch(69, (byte)'\\', (byte)'P', (byte)'I', (byte)'P', (byte)'E', (byte)'\\');
        Assert.Equal(PacketError.BadValue, Reject(bytes));
    }

    [Fact]
    public void Byte_count_larger_than_the_bytes_present_is_rejected() => Assert.Equal(PacketError.LengthOutOfRange, Reject(Patch(67, 54, 0)));

    [Fact]
    public void Byte_count_smaller_than_the_bytes_present_is_tolerated_and_kept()
    {
        var bytes = Patch(67, 0, 0);
        var write = Golden.RoundTrip<MailslotWrite>(bytes, MailslotWrite.TryParse, Encode);
        Assert.Equal((ushort)0, write.DeclaredByteCount);
        Assert.Equal(Payload, write.Data.ToArray());
    }

    [Fact]
    public void Misuse_raises_argument_exceptions()
    {
        Assert.Throws<ArgumentException>(() => MailslotWrite.Create(@"\PIPE\LANMAN", Payload));
        Assert.Throws<ArgumentException>(() => MailslotWrite.Create(@"\MAILSLOT\A" + "\0", Payload));
        Assert.Throws<ArgumentException>(() => MailslotWrite.Create(@"\MAILSLOT\€", Payload));
        Assert.Throws<ArgumentException>(() => MailslotWrite.Create(@"\MAILSLOT\" + new string('X', 250), Payload));
        Assert.Throws<ArgumentException>(() => MailslotWrite.Create(MailslotWrite.MessengerName, new byte[MailslotWrite.MaxDataBytes + 1]));
    }

    [Fact]
    public void Random_input_never_throws()
    {
        Hostile.Mutate<MailslotWrite>(Observed, MailslotWrite.TryParse);
        Hostile.Mutate<MailslotWrite>(Encode(MailslotWrite.Create(MailslotWrite.MessengerName, Payload, MailslotPadding.Align4)), MailslotWrite.TryParse);
    }
}
