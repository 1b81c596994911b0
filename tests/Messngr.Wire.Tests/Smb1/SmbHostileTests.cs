using Messngr.Wire.Smb1;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.Smb1;

/// <summary>Hostile SMB input, each case a named test holding its bytes (header then body, hex).</summary>
public class SmbHostileTests
{
    private const string D0 = "ff534d42 d0 00000000 00 0000 0000 0000000000000000 0000 0000 0000 0000 0000";
    private const string D5 = "ff534d42 d5 00000000 00 0000 0000 0000000000000000 0000 0000 0000 0000 0000";
    private const string D7 = "ff534d42 d7 00000000 00 0000 0000 0000000000000000 0000 0000 0000 0000 0000";
    private const string D5Reply = "ff534d42 d5 00000000 80 0000 0000 0000000000000000 0000 0000 0000 0000 0000";
    private const string Negotiate = "ff534d42 72 00000000 00 0000 0000 0000000000000000 0000 0000 0000 0000 0000";
    private const string NegotiateReply = "ff534d42 72 00000000 80 0040 0000 0000000000000000 0000 0000 0000 0000 0000";

    private static PacketError Reject(string hex)
    {
        Assert.False(SmbMessage.TryParse(Hex.Parse(hex), out var value, out var error));
        Assert.Null(value);
        return error;
    }

    [Fact]
    public void Smb2_header_is_reported_as_unsupported()
    {
        // SMB2 NEGOTIATE request header start: FE 'SMB', StructureSize 64.
        var smb2 = "fe534d42 4000 0000 00000000 0000 0000 00000000 00000000 0000000000000000 00000000 00000000 0000000000000000 00000000000000000000000000000000";
        Assert.Equal(PacketError.Unsupported, Reject(smb2));
        Assert.True(SmbMessage.IsSmb2(Hex.Parse(smb2)));
        Assert.Equal(PacketError.Unsupported, Reject("fe534d42"));
    }

    [Theory]
    [InlineData("ff534d43 d0")]
    [InlineData("00534d42 d0")]
    [InlineData("81 00 00 44")] // an NBSS header where an SMB was expected
    public void Wrong_protocol_id_is_bad_magic(string hex) => Assert.Equal(PacketError.BadMagic, Reject(hex + " 00000000 00 0000 0000 0000000000000000 0000 0000 0000 0000 0000 00 0000"));

    [Fact]
    public void Header_shorter_than_32_bytes_is_truncated() => Assert.Equal(PacketError.Truncated, Reject("ff534d42 d0 00000000 00 0000"));

    [Fact]
    public void Missing_word_count_is_truncated() => Assert.Equal(PacketError.Truncated, Reject(D0));

    [Fact]
    public void WordCount_running_past_the_end_is_rejected() => Assert.Equal(PacketError.LengthOutOfRange, Reject(D7 + " ff 0000 0000"));

    [Fact]
    public void ByteCount_beyond_the_end_is_rejected() => Assert.Equal(PacketError.LengthOutOfRange, Reject(D5 + " 00 1000 04 6100 04 6200"));

    [Fact]
    public void ByteCount_0xFFFF_that_looks_negative_is_rejected() => Assert.Equal(PacketError.LengthOutOfRange, Reject(D5 + " 00 ffff 04 6100 04 6200"));

    [Fact]
    public void Originator_without_NUL_is_rejected() => Assert.Equal(PacketError.MissingTerminator, Reject(D5 + " 00 0400 04 616263"));

    [Fact]
    public void Destination_without_NUL_is_rejected() => Assert.Equal(PacketError.MissingTerminator, Reject(D5 + " 00 0500 04 6100 04 62"));

    [Fact]
    public void Name_longer_than_the_read_limit_is_rejected()
    {
        var name = string.Concat(Enumerable.Repeat("41", SmbLimits.MaxNameBytes + 1));
        var count = (SmbLimits.MaxNameBytes + 1 + 2 + 3).ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(PacketError.LengthOutOfRange, Reject($"{D5} 00 {count[2..]}{count[..2]} 04 {name} 00 04 6200"));
    }

    [Fact]
    public void Text_block_data_length_beyond_ByteCount_is_rejected() => Assert.Equal(PacketError.LengthOutOfRange, Reject(D7 + " 01 0000 0600 01 1000 616263"));

    [Fact]
    public void Text_block_data_length_0xFFFF_is_rejected() => Assert.Equal(PacketError.LengthOutOfRange, Reject(D7 + " 01 0000 0600 01 ffff 616263"));

    [Fact]
    public void Text_block_with_mgid_read_as_ByteCount_the_tshark_way_is_rejected()
    {
        // A sender that (like tshark 4.0.17's dissector) forgets the MessageGroupId word.
        Assert.Equal(PacketError.BadValue, Reject(D7 + " 00 0600 01 0300 616263"));
    }

    [Fact]
    public void Single_block_data_length_beyond_ByteCount_is_rejected() => Assert.Equal(PacketError.LengthOutOfRange, Reject(D0 + " 00 0a00 04 6100 04 6200 01 0500 61"));

    [Fact]
    public void Single_block_with_a_truncated_data_header_is_rejected() => Assert.Equal(PacketError.Truncated, Reject(D0 + " 00 0700 04 6100 04 6200 01"));

    [Fact]
    public void Single_block_with_a_word_count_is_rejected() => Assert.Equal(PacketError.BadValue, Reject(D0 + " 01 0000 0900 04 6100 04 6200 01 0000"));

    [Theory]
    [InlineData("00 0900 03 6100 04 6200 01 0000")] // originator as a path (0x03)
    [InlineData("00 0900 04 6100 02 6200 01 0000")] // destination as a dialect (0x02)
    [InlineData("00 0900 04 6100 04 6200 05 0000")] // variable block instead of data block
    public void Wrong_buffer_formats_are_rejected(string body) => Assert.Equal(PacketError.BadValue, Reject(D0 + " " + body));

    [Fact]
    public void Bytes_after_the_data_block_inside_ByteCount_are_tolerated_and_not_kept()
    {
        // A sender that counts the trailing NUL (issue #11 item 5): Samba delivers, so do we.
        Assert.True(SmbMessage.TryParse(Hex.Parse(D0 + " 00 0b00 04 6100 04 6200 01 0100 78 00"), out var value, out _));
        Assert.Equal("x"u8.ToArray(), ((SendMessageRequest)value!.Body).Data.ToArray());
        Assert.True(SmbMessage.TryParse(Hex.Parse(D7 + " 01 0100 0500 01 0100 78 00"), out var text, out _));
        Assert.Equal("x"u8.ToArray(), ((SendTextMbRequest)text!.Body).Data.ToArray());
    }

    [Fact]
    public void Bytes_after_the_smb_are_rejected() => Assert.Equal(PacketError.TrailingBytes, Reject(D0 + " 00 0900 04 6100 04 6200 01 0000 ff"));

    [Fact]
    public void Start_reply_with_two_words_is_rejected() => Assert.Equal(PacketError.BadValue, Reject(D5Reply + " 02 3412 0000 0000"));

    [Fact]
    public void Start_reply_with_data_is_rejected() => Assert.Equal(PacketError.TrailingBytes, Reject(D5Reply + " 01 3412 0100 00"));

    [Fact]
    public void Success_reply_to_D0_with_words_is_rejected() => Assert.Equal(PacketError.BadValue, Reject(D0.Replace("00 0000 0000 0000000000000000", "80 0000 0000 0000000000000000", StringComparison.Ordinal) + " 01 0000 0000"));

    [Fact]
    public void Error_reply_keeps_whatever_blocks_it_has()
    {
        var hex = D5Reply.Replace("d5 00000000", "d5 02005200", StringComparison.Ordinal) + " 01 3412 0100 ff";
        Assert.True(SmbMessage.TryParse(Hex.Parse(hex), out var reply, out _));
        Assert.IsType<SmbRawBody>(reply!.Body);
        Assert.Equal(SmbDosError.ERRmsgoff, reply.Header.DosError);
    }

    [Fact]
    public void Dialect_not_prefixed_by_0x02_is_rejected() => Assert.Equal(PacketError.BadValue, Reject(Negotiate + " 00 0400 04 414200"));

    [Fact]
    public void Dialect_without_NUL_is_rejected() => Assert.Equal(PacketError.MissingTerminator, Reject(Negotiate + " 00 0300 02 4142"));

    [Fact]
    public void Too_many_dialects_are_rejected()
    {
        var dialects = string.Concat(Enumerable.Repeat("02 4100 ", SmbLimits.MaxDialects + 1));
        var count = (3 * (SmbLimits.MaxDialects + 1)).ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(PacketError.CountOutOfRange, Reject($"{Negotiate} 00 {count[2..]}{count[..2]} {dialects}"));
    }

    [Fact]
    public void Negotiate_reply_with_challenge_length_beyond_ByteCount_is_rejected()
    {
        var words = "0000 03 3200 0100 04410000 00000100 00000000 fdf38000 0000000000000000 0000 ff";
        Assert.Equal(PacketError.LengthOutOfRange, Reject($"{NegotiateReply} 11 {words} 0400 01020304"));
    }

    [Fact]
    public void Negotiate_reply_with_a_short_parameter_block_is_rejected() => Assert.Equal(PacketError.LengthOutOfRange, Reject($"{NegotiateReply} 11 0000 0000"));

    [Fact]
    public void Random_bytes_and_mutations_of_every_command_never_throw()
    {
        foreach (var message in SmbPropertyTests.Samples())
        {
            Hostile.Mutate(message.ToArray(), SmbCaptureTests.ParseSmb, iterations: 400);
        }
    }
}
