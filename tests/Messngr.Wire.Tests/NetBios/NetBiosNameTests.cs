using Messngr.Wire.NetBios;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.NetBios;

public class NetBiosNameTests
{
    private static NetBiosName ReadName(byte[] bytes, bool allowPointers = false)
    {
        var reader = new WireReader(bytes);
        return NetBiosNameCodec.Read(ref reader, allowPointers, out _);
    }

    private static byte[] Encode(NetBiosName name)
    {
        var buffer = new byte[NetBiosNameCodec.GetEncodedLength(name)];
        var writer = new WireWriter(buffer);
        NetBiosNameCodec.Write(ref writer, name);
        Assert.Equal(buffer.Length, writer.Position);
        return buffer;
    }

    [Theory]
    // Worked values observed on the wire (protocols.md §1.5).
    [InlineData("FRED", 0x20, "EGFCEFEECACACACACACACACACACACACA")]
    [InlineData("RECVPC", 0x03, "FCEFEDFGFAEDCACACACACACACACACAAD")]
    [InlineData("SENDERPC", 0x00, "FDEFEOEEEFFCFAEDCACACACACACACAAA")]
    [InlineData("NMBTEST", 0x03, "EOENECFEEFFDFECACACACACACACACAAD")]
    [InlineData("*", 0x00, "CKAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void First_level_encoding_matches_observed_values(string name, byte suffix, string encoded)
    {
        var bytes = Encode(NetBiosName.Create(name, suffix));
        Assert.Equal(34, bytes.Length);
        Assert.Equal(0x20, bytes[0]);
        Assert.Equal(encoded, System.Text.Encoding.ASCII.GetString(bytes, 1, 32));
        Assert.Equal(0, bytes[33]);
        Assert.Equal(NetBiosName.Create(name, suffix), ReadName(bytes));
    }

    [Fact]
    public void Create_upper_cases_truncates_to_15_and_pads_with_spaces()
    {
        var name = NetBiosName.Create("averyveryverylongname", 0x03);
        Assert.Equal("AVERYVERYVERYLO", name.GetName());
        Assert.Equal(0x03, name.Suffix);
        Assert.Equal("RecvPC".ToUpperInvariant(), NetBiosName.Create("RecvPC", 3).GetName());
        Assert.Equal((byte)' ', NetBiosName.Create("A", 3).RawBytes[14]);
    }

    [Fact]
    public void Create_uses_the_oem_code_page_and_names_unrepresentable_characters()
    {
        var name = NetBiosName.Create("jürgen", 0x03);
        Assert.Equal(0x9A, name.RawBytes[1]); // 'Ü' in CP850
        Assert.Equal("JÜRGEN", name.GetName());
        var ex = Assert.Throws<ArgumentException>(() => NetBiosName.Create("pc€", 0x03));
        Assert.Contains("U+20AC", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scope_is_written_as_labels_and_read_back()
    {
        // nmblookup --netbios-scope=corp.example (protocols.md §1.6): 04 'CORP' 07 'EXAMPLE' 00.
        var name = NetBiosName.Create("HOSTB", 0x20, scope: "corp.example");
        var bytes = Encode(name);
        Assert.Equal("04434f5250074558414d504c4500", Hex.Format(bytes.AsSpan(33)));
        Assert.Equal(name, ReadName(bytes));
        Assert.Equal("CORP.EXAMPLE", ReadName(bytes).Scope);
    }

    [Fact]
    public void Pointer_to_an_earlier_name_is_followed_and_reported()
    {
        var first = Encode(NetBiosName.Create("NMBTEST", 3));
        byte[] message = [.. new byte[12], .. first, 0xC0, 0x0C];
        var reader = new WireReader(message);
        reader.Seek(12 + 34);
        var name = NetBiosNameCodec.Read(ref reader, allowPointers: true, out var pointer);
        Assert.Equal(NetBiosName.Create("NMBTEST", 3), name);
        Assert.Equal((ushort)12, pointer);
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void Pointer_loop_is_rejected()
    {
        // A pointer to itself, and two pointers to each other.
        byte[] self = [0xC0, 0x00];
        byte[] pair = [0xC0, 0x02, 0xC0, 0x00];
        Assert.Equal(PacketError.BadPointer, Assert.Throws<MalformedPacketException>(() => ReadName(self, true)).Reason);
        Assert.Equal(PacketError.BadPointer, Assert.Throws<MalformedPacketException>(() => ReadName(pair, true)).Reason);
    }

    [Fact]
    public void Pointer_outside_nbns_is_rejected()
    {
        var first = Encode(NetBiosName.Create("X", 0));
        byte[] message = [.. first, 0xC0, 0x00];
        static void ReadSecond(byte[] message)
        {
            var reader = new WireReader(message);
            reader.Seek(34);
            NetBiosNameCodec.Read(ref reader, false, out _);
        }

        Assert.Equal(PacketError.BadPointer, Assert.Throws<MalformedPacketException>(() => ReadSecond(message)).Reason);
    }

    [Fact]
    public void Name_longer_than_255_bytes_is_rejected()
    {
        var bytes = new List<byte>(Encode(NetBiosName.Create("X", 0))[..33]);
        for (var i = 0; i < 5; i++)
        {
            bytes.Add(63);
            bytes.AddRange(Enumerable.Repeat((byte)'A', 63));
        }

        bytes.Add(0);
        Assert.Equal(PacketError.NameTooLong, Assert.Throws<MalformedPacketException>(() => ReadName([.. bytes])).Reason);
    }

    [Theory]
    [InlineData("1f 41414141414141414141414141414141414141414141414141414141414141 00", PacketError.BadNameEncoding)] // first label not 32
    [InlineData("20 5a", PacketError.Truncated)]
    [InlineData("00", PacketError.BadNameEncoding)] // empty name
    [InlineData("80", PacketError.BadNameEncoding)] // reserved label bits 10
    public void Bad_first_labels_are_rejected(string hex, PacketError expected)
    {
        var bytes = Hex.Parse(hex);
        Assert.Equal(expected, Assert.Throws<MalformedPacketException>(() => ReadName(bytes)).Reason);
    }

    [Fact]
    public void Characters_outside_A_to_P_are_rejected()
    {
        var bytes = Encode(NetBiosName.Create("X", 0));
        bytes[5] = (byte)'Q';
        Assert.Equal(PacketError.BadNameEncoding, Assert.Throws<MalformedPacketException>(() => ReadName(bytes)).Reason);
    }

    [Fact]
    public void Every_prefix_of_an_encoded_name_is_truncated_not_a_crash()
    {
        var bytes = Encode(NetBiosName.Create("HOSTB", 0x03, scope: "lab"));
        for (var i = 0; i < bytes.Length; i++)
        {
            var prefix = bytes[..i];
            Assert.Throws<MalformedPacketException>(() => ReadName(prefix));
        }
    }

    [Fact]
    public void ToString_renders_like_wireshark()
    {
        Assert.Equal("HOSTB<03>", NetBiosName.Create("hostb", 3).ToString());
        Assert.Equal("*<00><00><00><00><00><00><00><00><00><00><00><00><00><00><00>", NetBiosName.Wildcard.ToString());
        Assert.True(NetBiosName.Wildcard.IsWildcard);
    }
}
