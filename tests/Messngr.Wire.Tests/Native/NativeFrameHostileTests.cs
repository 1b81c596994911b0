using System.Buffers.Binary;
using Messngr.Wire.Native;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.Native;

/// <summary>Bad payloads inside a well-framed frame: each a named case holding its bytes.</summary>
public class NativeFrameHostileTests
{
    // Offsets in the message example: 12 header, then id 16, priority, flags, created 8, expires 8, reply-to 16.
    private const int Priority = 28;
    private const int Flags = 29;
    private const int Created = 30;
    private const int ReplyTo = 46;
    private const int User = 62; // STR8 "alice"
    private const int TextLength = 73; // after user (6), recipient (4), key (1)

    private static PacketError Refuse(byte[] bytes)
    {
        Assert.False(NativeFrame.TryParse(bytes, out var frame, out var error), "accepted");
        Assert.Null(frame);
        return error;
    }

    private static byte[] Message(Action<byte[]> change)
    {
        var bytes = NativeExamples.Bytes("message");
        change(bytes);
        return bytes;
    }

    /// <summary>The message example with TEXT replaced by <paramref name="text"/> (LENGTH and TEXT32 fixed up).</summary>
    private static byte[] MessageWithText(byte[] text)
    {
        var head = NativeExamples.Bytes("message")[..TextLength];
        byte[] bytes = [.. head, 0, 0, 0, 0, .. text];
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(TextLength), (uint)text.Length);
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)(bytes.Length - 4));
        return bytes;
    }

    [Theory]
    [InlineData("c0 af")] // overlong '/'
    [InlineData("ed a0 80")] // a UTF-16 surrogate
    [InlineData("e2 98")] // a sequence cut short
    [InlineData("f4 90 80 80")] // above U+10FFFF
    [InlineData("ff")]
    public void Text_that_is_not_UTF8_is_invalid_text(string hex)
    {
        Assert.Equal(PacketError.InvalidText, Refuse(MessageWithText(Hex.Parse(hex))));
    }

    [Fact]
    public void Text_with_newlines_and_tabs_is_allowed_but_a_user_with_a_control_character_is_not()
    {
        Assert.True(NativeFrame.TryParse(MessageWithText("a\nb\tc\u001b"u8.ToArray()), out _, out var error), error.ToString());
        Assert.Equal(PacketError.InvalidText, Refuse(Message(b => b[User + 1] = 0x0A)));
        Assert.Equal(PacketError.InvalidText, Refuse(Message(b => b[User + 1] = 0x7F)));
    }

    [Fact]
    public void Text_at_the_limit_parses_and_one_byte_more_is_a_length_out_of_range()
    {
        Assert.True(NativeFrame.TryParse(MessageWithText(new byte[NativeLimits.MaxTextBytes]), out var frame, out var error), error.ToString());
        Assert.Equal(NativeLimits.MaxTextBytes, ((MessageFrame)frame!).Text.Length);
        var over = MessageWithText(new byte[NativeLimits.MaxTextBytes + 1]);
        Assert.Equal(PacketError.LengthOutOfRange, Refuse(over));
    }

    [Fact]
    public void A_text_length_pointing_past_the_frame_is_truncated_not_an_allocation()
    {
        var bytes = Message(b => BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(TextLength), 0x0000FFFF));
        Assert.Equal(PacketError.Truncated, Refuse(bytes));
        bytes = Message(b => BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(TextLength), 0xFFFFFFFF));
        Assert.Equal(PacketError.LengthOutOfRange, Refuse(bytes));
    }

    [Theory]
    [InlineData(0)] // empty user
    [InlineData(65)] // over 64 bytes
    public void A_user_length_outside_1_to_64_is_out_of_range(byte length)
    {
        Assert.Equal(PacketError.LengthOutOfRange, Refuse(Message(b => b[User] = length)));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(255)]
    public void An_unknown_priority_is_a_bad_value(byte priority) =>
        Assert.Equal(PacketError.BadValue, Refuse(Message(b => b[Priority] = priority)));

    [Theory]
    [InlineData(0x02)]
    [InlineData(0x80)]
    public void A_reserved_message_flag_is_a_bad_value(byte flags) =>
        Assert.Equal(PacketError.BadValue, Refuse(Message(b => b[Flags] = flags)));

    [Fact]
    public void A_negative_time_is_a_bad_value() =>
        Assert.Equal(PacketError.BadValue, Refuse(Message(b => b[Created] = 0x80)));

    [Theory]
    [InlineData(12 + 6, 0x40)] // message id version 4
    [InlineData(12 + 8, 0x00)] // message id variant 0
    [InlineData(ReplyTo, 0x01)] // reply-to neither zero nor a UUIDv7
    public void An_id_that_is_not_a_UUIDv7_is_a_bad_value(int offset, byte value) =>
        Assert.Equal(PacketError.BadValue, Refuse(Message(b => b[offset] = value)));

    [Theory]
    [InlineData("00", "00 00")] // state 0
    [InlineData("05", "00 00")] // state 5
    [InlineData("01", "00 01")] // stored with a reason
    [InlineData("04", "00 00")] // refused without one
    public void A_receipt_state_and_reason_that_do_not_fit_are_a_bad_value(string state, string reason)
    {
        var bytes = NativeExamples.Bytes("receipt-stored");
        bytes[28] = Hex.Parse(state)[0];
        Hex.Parse(reason).CopyTo(bytes, 29);
        Assert.Equal(PacketError.BadValue, Refuse(bytes));
    }

    [Fact]
    public void An_unknown_refusal_reason_is_kept_as_a_refusal()
    {
        var bytes = NativeExamples.Bytes("receipt-refused");
        bytes[30] = 0x63;
        Assert.True(NativeFrame.TryParse(bytes, out var frame, out _));
        Assert.Equal((NativeRefusalReason)0x63, ((ReceiptFrame)frame!).Reason);
    }

    [Theory]
    [InlineData("00")] // no versions
    [InlineData("02 02 01")] // not ascending
    [InlineData("02 01 01")] // repeated
    [InlineData("01 00")] // version 0
    public void A_hello_with_a_bad_version_list_is_refused(string versions)
    {
        var hello = NativeExamples.Bytes("hello");
        byte[] bytes = [.. hello[..12], .. Hex.Parse(versions), .. hello[14..]];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)(bytes.Length - 4));
        Assert.NotEqual(PacketError.None, Refuse(bytes));
    }

    [Fact]
    public void A_hello_listing_17_versions_is_a_count_out_of_range()
    {
        var hello = NativeExamples.Bytes("hello");
        byte[] bytes = [.. hello[..12], 17, .. Enumerable.Range(1, 17).Select(i => (byte)i), .. hello[14..]];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)(bytes.Length - 4));
        Assert.Equal(PacketError.CountOutOfRange, Refuse(bytes));
    }

    [Theory]
    [InlineData(22, "00 01 ff ff")] // max frame below 128 KiB
    [InlineData(22, "00 04 00 01")] // max frame above 256 KiB
    [InlineData(26, "00 00")] // max in flight 0
    [InlineData(26, "10 01")] // max in flight 4097
    public void A_hello_offer_outside_its_limits_is_a_bad_value(int offset, string hex)
    {
        var bytes = NativeExamples.Bytes("hello");
        Hex.Parse(hex).CopyTo(bytes, offset);
        Assert.Equal(PacketError.BadValue, Refuse(bytes));
    }

    [Fact]
    public void A_hello_with_65_names_is_a_count_out_of_range()
    {
        var bytes = NativeExamples.Bytes("hello");
        bytes[32] = 65;
        Assert.Equal(PacketError.CountOutOfRange, Refuse(bytes));
    }

    [Fact]
    public void Unknown_capability_bits_are_kept_not_refused()
    {
        var bytes = NativeExamples.Bytes("hello");
        bytes[28] = 0x80;
        Assert.True(NativeFrame.TryParse(bytes, out var frame, out _));
        Assert.True(((HelloFrame)frame!).Offer.Capabilities.HasFlag((NativeCapabilities)0x80000000));
    }

    [Fact]
    public void Bytes_after_the_declared_frame_are_trailing_and_a_short_payload_is_truncated()
    {
        Assert.Equal(PacketError.TrailingBytes, Refuse([.. NativeExamples.Bytes("ack"), 0]));
        var goodbye = NativeExamples.Bytes("goodbye");
        goodbye[14] = 8; // STR8 claims one byte more than the frame holds
        Assert.Equal(PacketError.Truncated, Refuse(goodbye));
        goodbye[14] = 6; // one byte fewer: the last byte is left over
        Assert.Equal(PacketError.TrailingBytes, Refuse(goodbye));
    }

    [Fact]
    public void Mutated_and_random_frames_never_throw()
    {
        foreach (var (_, hex, _) in NativeExamples.Frames)
        {
            Hostile.Mutate<NativeFrame>(Hex.Parse(hex), NativeFrame.TryParse, iterations: 500);
        }
    }
}
