using System.Buffers;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.SessionService;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.SessionService;

public class NbssFramingTests
{
    private static readonly byte[] Stream =
    [
        .. new SessionRequestPacket(NetBiosName.Create("HOSTB", 3), NetBiosName.Create("HOSTA", 0)).ToArray(),
        .. SessionKeepAlivePacket.Instance.ToArray(),
        .. new SessionMessagePacket(Hex.Parse("ff534d42d5 00000000 00 0000 0000 0000000000000000 0000 0000 4623 0000 0000 00 0000")).ToArray(),
        .. new SessionMessagePacket(Array.Empty<byte>()).ToArray(),
        .. PositiveSessionResponsePacket.Instance.ToArray(),
    ];

    private static NbssReadResult Read(byte[] bytes, out NbssPacket? frame, out PacketError error, int maxLength = NbssPacket.DefaultMaxFrameLength)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        return NbssPacket.TryReadFrame(ref buffer, out frame, out error, maxLength);
    }

    [Fact]
    public void A_stream_of_frames_reads_frame_by_frame()
    {
        var frames = NbssStream.ReadAll(new ReadOnlySequence<byte>(Stream));
        Assert.Equal(
            [NbssPacketType.SessionRequest, NbssPacketType.SessionKeepAlive, NbssPacketType.SessionMessage, NbssPacketType.SessionMessage, NbssPacketType.PositiveSessionResponse],
            frames.Select(f => f.Type));
        Assert.Equal(Stream, frames.SelectMany(f => f.ToArray()));
    }

    [Fact]
    public void A_stream_split_at_every_byte_gives_the_same_frames()
    {
        var expected = NbssStream.ReadAll(new ReadOnlySequence<byte>(Stream));
        for (var cut = 0; cut <= Stream.Length; cut++)
        {
            Assert.Equal(expected, NbssStream.ReadAll(Segments.Split(Stream, cut)));
        }

        Assert.Equal(expected, NbssStream.ReadAll(Segments.Bytewise(Stream)));
        Assert.Equal(expected, NbssStream.ReadTrickled(Stream));
    }

    [Fact]
    public void Every_proper_prefix_of_a_frame_is_incomplete_and_consumes_nothing()
    {
        var frame = new SessionRequestPacket(NetBiosName.Create("HOSTB", 3, scope: "lab"), NetBiosName.Create("HOSTA", 0)).ToArray();
        for (var length = 0; length < frame.Length; length++)
        {
            var buffer = Segments.Bytewise(frame[..length]);
            Assert.Equal(NbssReadResult.Incomplete, NbssPacket.TryReadFrame(ref buffer, out var read, out var error));
            Assert.Equal(length, buffer.Length);
            Assert.Null(read);
            Assert.Equal(PacketError.None, error);
        }
    }

    [Fact]
    public void Declared_length_above_the_limit_is_malformed_from_the_header_alone()
    {
        // 00 00 20 01: a session message declaring 8193 bytes, none of them sent yet.
        Assert.Equal(NbssReadResult.Malformed, Read(Hex.Parse("00 00 20 01"), out _, out var error));
        Assert.Equal(PacketError.LengthOutOfRange, error);
        Assert.Equal(NbssReadResult.Incomplete, Read(Hex.Parse("00 00 20 00"), out _, out _));
        Assert.Equal(NbssReadResult.Malformed, Read(Hex.Parse("00 00 00 11"), out _, out error, maxLength: 16));
        Assert.Equal(PacketError.LengthOutOfRange, error);
    }

    [Fact]
    public void Largest_17_bit_length_is_malformed_under_the_default_limit()
    {
        // FLAGS 01 + FFFF: 131071, which "looks negative" as a signed 16-bit length.
        Assert.Equal(NbssReadResult.Malformed, Read(Hex.Parse("00 01 ff ff"), out _, out var error));
        Assert.Equal(PacketError.LengthOutOfRange, error);
    }

    [Theory]
    [InlineData("00 03 00 00")] // E bit plus reserved bit 1
    [InlineData("00 80 00 00")] // reserved high bit
    [InlineData("85 02 00 00")]
    public void Reserved_flag_bits_are_malformed(string hex)
    {
        Assert.Equal(NbssReadResult.Malformed, Read(Hex.Parse(hex), out _, out var error));
        Assert.Equal(PacketError.BadValue, error);
    }

    [Theory]
    [InlineData("86 00 00 00")]
    [InlineData("89 00 00 00")] // Samba answers this non-standard type with a keep-alive; we do not know it
    [InlineData("01 00 00 00")]
    public void Unknown_types_are_malformed(string hex)
    {
        Assert.Equal(NbssReadResult.Malformed, Read(Hex.Parse(hex), out _, out var error));
        Assert.Equal(PacketError.UnknownType, error);
    }

    [Theory]
    [InlineData("82 00 00 01 00")]
    [InlineData("85 00 00 04 00 00 00 00")]
    [InlineData("83 00 00 00")]
    [InlineData("83 00 00 02 82 00")]
    [InlineData("84 00 00 04 0a 00 00 01")]
    [InlineData("81 00 00 10")] // shorter than two names
    [InlineData("81 00 02 00")] // longer than two 255-byte names
    public void Lengths_a_type_does_not_allow_are_malformed_from_the_header_alone(string hex)
    {
        var header = Hex.Parse(hex)[..4];
        Assert.Equal(NbssReadResult.Malformed, Read(header, out _, out var error));
        Assert.Equal(PacketError.LengthOutOfRange, error);
    }

    [Fact]
    public void Session_request_with_a_wrong_name_length_is_malformed()
    {
        var bytes = new SessionRequestPacket(NetBiosName.Create("HOSTB", 3), NetBiosName.Create("HOSTA", 0)).ToArray();
        bytes[4] = 0x1F; // first label of the called name claims 31 characters
        Assert.Equal(NbssReadResult.Malformed, Read(bytes, out _, out var error));
        Assert.Equal(PacketError.BadNameEncoding, error);
    }

    [Fact]
    public void Session_request_with_a_label_pointer_is_malformed()
    {
        var bytes = new SessionRequestPacket(NetBiosName.Create("HOSTB", 3), NetBiosName.Create("HOSTA", 0)).ToArray();
        byte[] pointed = [0x81, 0x00, 0x00, 36, .. bytes[4..38], 0xC0, 0x00];
        Assert.Equal(NbssReadResult.Malformed, Read(pointed, out _, out var error));
        Assert.Equal(PacketError.LengthOutOfRange, error); // 36 < 68: refused before the names are read
        Assert.False(NbssPacket.TryParse([0x81, 0x00, 0x00, 68, .. bytes[4..38], 0xC0, 0x00, .. new byte[32]], out _, out error));
        Assert.Equal(PacketError.BadPointer, error);
    }

    [Fact]
    public void Session_request_whose_names_leave_bytes_over_is_malformed()
    {
        var bytes = new SessionRequestPacket(NetBiosName.Create("HOSTB", 3), NetBiosName.Create("HOSTA", 0)).ToArray();
        byte[] padded = [0x81, 0x00, 0x00, 69, .. bytes[4..], 0x00];
        Assert.Equal(NbssReadResult.Malformed, Read(padded, out _, out var error));
        Assert.Equal(PacketError.TrailingBytes, error);
    }

    [Fact]
    public void TryParse_rejects_bytes_after_one_frame() =>
        Assert.False(NbssPacket.TryParse(Hex.Parse("82 00 00 00 85"), out _, out _));

    [Fact]
    public void Frame_limit_outside_17_bits_is_a_usage_error()
    {
        var buffer = ReadOnlySequence<byte>.Empty;
        Assert.Throws<ArgumentOutOfRangeException>(() => NbssPacket.TryReadFrame(ref buffer, out _, out _, NbssPacket.MaxBodyLength + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => NbssPacket.TryReadFrame(ref buffer, out _, out _, -1));
    }

    [Fact]
    public void Mutated_frames_never_throw()
    {
        foreach (var seed in NbssStream.ReadAll(new ReadOnlySequence<byte>(Stream)).Select(f => f.ToArray()))
        {
            Hostile.Mutate(seed, NbssPacketTests.Parse);
            Hostile.Mutate<NbssPacket>(seed, TryReadFrameAsParser, iterations: 500);
        }
    }

    private static bool TryReadFrameAsParser(ReadOnlySpan<byte> bytes, out NbssPacket? frame, out PacketError error)
    {
        var buffer = Segments.Split(bytes.ToArray(), bytes.Length / 2);
        return NbssPacket.TryReadFrame(ref buffer, out frame, out error, 256) == NbssReadResult.Frame;
    }
}
