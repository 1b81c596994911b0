using Messngr.Wire.DceRpc;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.DceRpc;

public class NetrSendMessageRequestTests
{
    private static PacketError Reject(string stubHex)
    {
        Assert.False(NetrSendMessageRequest.TryParse(Hex.Parse(stubHex), out var value, out var error));
        Assert.Null(value);
        return error;
    }

    // "A\0" as From, "B\0" as To, then the Text string given.
    private const string FromAndTo = "02000000 00000000 02000000 4100 0000  02000000 00000000 02000000 4200 0000";

    [Fact]
    public void Minimal_request_with_empty_strings_round_trips()
    {
        var request = NetrSendMessageRequest.FromOem([], [], []);
        var bytes = request.ToArray();
        Assert.Equal("01000000000000000100000000000000" + "01000000000000000100000000000000" + "01000000000000000100000000", Hex.Format(bytes));
        Assert.Equal(request, Golden.Check<NetrSendMessageRequest>(bytes, NetrSendMessageRequest.TryParse, r => r.ToArray()));
    }

    [Fact]
    public void Huge_max_count_is_rejected() =>
        Assert.Equal(PacketError.CountOutOfRange, Reject(FromAndTo + "ffffffff 00000000 02000000 4800"));

    [Fact]
    public void Actual_count_above_max_count_is_rejected() =>
        Assert.Equal(PacketError.CountOutOfRange, Reject(FromAndTo + "02000000 00000000 03000000 484900"));

    [Fact]
    public void Actual_count_beyond_the_stub_is_rejected() =>
        Assert.Equal(PacketError.LengthOutOfRange, Reject(FromAndTo + "00010000 00000000 00010000 484900"));

    [Fact]
    public void Non_zero_offset_is_rejected() =>
        Assert.Equal(PacketError.BadValue, Reject(FromAndTo + "03000000 01000000 02000000 4900"));

    [Fact]
    public void String_without_NUL_is_rejected() =>
        Assert.Equal(PacketError.MissingTerminator, Reject(FromAndTo + "02000000 00000000 02000000 4849"));

    [Fact]
    public void Zero_actual_count_is_rejected() =>
        Assert.Equal(PacketError.MissingTerminator, Reject(FromAndTo + "00000000 00000000 00000000"));

    [Fact]
    public void Embedded_NUL_is_rejected() =>
        Assert.Equal(PacketError.BadValue, Reject(FromAndTo + "03000000 00000000 03000000 480000"));

    [Fact]
    public void Text_longer_than_the_limit_is_rejected()
    {
        var count = NetrSendMessageRequest.MaxTextLength + 2;
        var counts = new byte[12];
        BitConverter.TryWriteBytes(counts.AsSpan(0), count);
        BitConverter.TryWriteBytes(counts.AsSpan(8), count);
        var text = Enumerable.Repeat((byte)'x', count - 1).Append((byte)0);
        byte[] stub = [.. Hex.Parse(FromAndTo), .. counts, .. text];
        Assert.False(NetrSendMessageRequest.TryParse(stub, out _, out var error));
        Assert.Equal(PacketError.CountOutOfRange, error);
    }

    [Fact]
    public void Misaligned_second_string_is_rejected()
    {
        // To written straight after "A\0" at offset 14 instead of 16: the reader aligns to 16 and
        // lands inside To's counts.
        Assert.False(NetrSendMessageRequest.TryParse(Hex.Parse("02000000 00000000 02000000 4100  02000000 00000000 02000000 4200 0000  02000000 00000000 02000000 4300"), out _, out var error));
        Assert.NotEqual(PacketError.None, error);
    }

    [Fact]
    public void Truncated_stub_is_rejected()
    {
        Assert.Equal(PacketError.Truncated, Reject("02000000 00000000"));
        Assert.Equal(PacketError.Truncated, Reject(FromAndTo));
        Assert.Equal(PacketError.Truncated, Reject(FromAndTo + "02000000 000000"));
    }

    [Fact]
    public void Zero_padding_to_eight_after_the_stub_is_tolerated_but_not_junk()
    {
        var stub = DceRpcSamples.Section76Stub;
        Assert.True(NetrSendMessageRequest.TryParse([.. stub, 0, 0, 0, 0], out var padded, out _));
        Assert.Equal("ALICE", padded!.GetFrom());
        Assert.False(NetrSendMessageRequest.TryParse([.. stub, 0, 1], out _, out var error));
        Assert.Equal(PacketError.TrailingBytes, error);
        Assert.False(NetrSendMessageRequest.TryParse([.. stub, .. new byte[8]], out _, out error));
        Assert.Equal(PacketError.TrailingBytes, error);
    }

    [Fact]
    public void Create_turns_line_breaks_into_0x14_and_uses_the_oem_code_page()
    {
        var request = NetrSendMessageRequest.Create("jürgen", "BOB", "a\r\nb");
        Assert.Equal("6a817267656e", Hex.Format(request.From.Span));
        Assert.Equal("611462", Hex.Format(request.Text.Span));
        Assert.Equal("jürgen", request.GetFrom());
        Assert.Equal("a\nb", request.GetText());
        Assert.Equal("a\nb", request.GetText(OemCodePage.Get(437)));
    }

    [Fact]
    public void Builders_refuse_NUL_and_oversized_fields_naming_them()
    {
        var nul = Assert.Throws<ArgumentException>(() => NetrSendMessageRequest.FromOem([0x41, 0], [], []));
        Assert.Contains("from", nul.Message, StringComparison.Ordinal);
        var big = Assert.Throws<ArgumentException>(() => NetrSendMessageRequest.FromOem([], [], new byte[NetrSendMessageRequest.MaxTextLength + 1]));
        Assert.Contains("text", big.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => NetrSendMessageRequest.Create("A", "B", "price €5"));
    }

    [Fact]
    public void Wide_strings_round_trip_and_are_checked()
    {
        foreach (var drep in new[] { NdrDataRepresentation.LittleEndian, NdrDataRepresentation.BigEndian })
        {
            var buffer = new byte[64];
            var writer = new NdrWriter(new WireWriter(buffer), drep);
            writer.WriteByte(0xAA);
            writer.WriteConformantVaryingWideString("BOB\u00e9");
            var length = writer.Position;
            Assert.Equal(NdrWriter.AfterConformantVaryingString(1, 4, 2), length);

            var reader = new NdrReader(new WireReader(buffer.AsSpan(0, length)), drep);
            reader.ReadByte();
            Assert.Equal("BOB\u00e9", reader.ReadConformantVaryingWideString(16));
            Assert.Equal(0, reader.Remaining);
        }

        // No NUL: "AB" with actual_count 2.
        var noNul = Hex.Parse("02000000 00000000 02000000 4100 4200");
        Assert.Equal(PacketError.MissingTerminator, Assert.Throws<MalformedPacketException>(() => ReadWide(noNul, 16)).Reason);
        // max_count 17 > limit 16.
        var tooLong = Hex.Parse("11000000 00000000 01000000 0000");
        Assert.Equal(PacketError.CountOutOfRange, Assert.Throws<MalformedPacketException>(() => ReadWide(tooLong, 16)).Reason);
        // Odd byte left where a 16-bit unit is needed.
        var odd = Hex.Parse("02000000 00000000 02000000 4100 00");
        Assert.Equal(PacketError.LengthOutOfRange, Assert.Throws<MalformedPacketException>(() => ReadWide(odd, 16)).Reason);
    }

    private static string ReadWide(byte[] bytes, int max)
    {
        var reader = new NdrReader(new WireReader(bytes), NdrDataRepresentation.LittleEndian);
        return reader.ReadConformantVaryingWideString(max);
    }
}
