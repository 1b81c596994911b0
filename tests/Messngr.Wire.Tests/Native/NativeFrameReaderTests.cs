using System.Buffers;
using Messngr.Wire.Native;
using Messngr.Wire.Tests.SessionService;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.Native;

public class NativeFrameReaderTests
{
    private static List<NativeFrame> ReadAll(ReadOnlySequence<byte> buffer, int max = NativeLimits.MaxFrameLength)
    {
        var frames = new List<NativeFrame>();
        while (true)
        {
            var result = NativeFrameReader.Read(buffer, max);
            if (result.Status != NativeReadStatus.Frame)
            {
                Assert.Equal(NativeReadStatus.NeedMore, result.Status);
                Assert.Equal(0, buffer.Length); // the examples end on a frame boundary
                return frames;
            }

            frames.Add(result.Frame!);
            buffer = buffer.Slice(result.Consumed);
        }
    }

    private static NativeReadResult Read(string hex, int max = NativeLimits.MaxFrameLength) =>
        NativeFrameReader.Read(new ReadOnlySequence<byte>(Hex.Parse(hex)), max);

    [Fact]
    public void A_stream_of_every_example_reads_frame_by_frame()
    {
        var frames = ReadAll(new ReadOnlySequence<byte>(NativeExamples.Stream));
        Assert.Equal(NativeExamples.Frames.Select(f => f.Frame), frames);
    }

    [Fact]
    public void A_stream_split_at_every_byte_or_one_segment_per_byte_gives_the_same_frames()
    {
        var stream = NativeExamples.Stream;
        var expected = NativeExamples.Frames.Select(f => f.Frame).ToList();
        for (var cut = 0; cut <= stream.Length; cut++)
        {
            Assert.Equal(expected, ReadAll(Segments.Split(stream, cut)));
        }

        Assert.Equal(expected, ReadAll(Segments.Bytewise(stream)));
    }

    [Fact]
    public void A_stream_trickled_one_byte_at_a_time_yields_each_frame_when_its_last_byte_arrives()
    {
        var stream = NativeExamples.Stream;
        var frames = new List<NativeFrame>();
        var start = 0;
        for (var end = 0; end <= stream.Length; end++)
        {
            var result = NativeFrameReader.Read(new ReadOnlySequence<byte>(stream, start, end - start));
            if (result.Status == NativeReadStatus.NeedMore)
            {
                Assert.InRange(result.BytesNeeded, 1, stream.Length - end == 0 ? long.MaxValue : stream.Length - end);
                Assert.Equal(0, result.Consumed);
                continue;
            }

            Assert.Equal(NativeReadStatus.Frame, result.Status);
            Assert.Equal(end - start, result.Consumed); // complete exactly at its last byte, never earlier
            frames.Add(result.Frame!);
            start = end;
        }

        Assert.Equal(NativeExamples.Frames.Select(f => f.Frame), frames);
    }

    [Fact]
    public void Need_more_names_the_rest_of_the_declared_frame_once_the_length_is_in()
    {
        var message = NativeExamples.Bytes("message");
        Assert.Equal(4, Read("").BytesNeeded);
        Assert.Equal(2, Read("00 00").BytesNeeded);
        var four = NativeFrameReader.Read(new ReadOnlySequence<byte>(message[..4]));
        Assert.Equal(message.Length - 4, four.BytesNeeded);
        var most = NativeFrameReader.Read(new ReadOnlySequence<byte>(message[..^1]));
        Assert.Equal(1, most.BytesNeeded);
    }

    [Fact]
    public void A_length_above_the_hard_maximum_is_refused_from_its_four_bytes_alone()
    {
        // 00 04 00 01 = 262145: one more than 256 KiB, and nothing of the frame has been sent.
        var result = Read("00 04 00 01");
        Assert.Equal(NativeReadStatus.Malformed, result.Status);
        Assert.Equal(NativeErrorCode.FrameTooLarge, result.Fault.Code);
        Assert.Equal(NativeReadStatus.NeedMore, Read("00 04 00 00").Status);
        Assert.Equal(NativeErrorCode.FrameTooLarge, Read("ff ff ff ff").Fault.Code);
    }

    [Fact]
    public void A_length_above_the_nodes_own_limit_is_refused_from_its_four_bytes_alone()
    {
        var limit = NativeLimits.MinAdvertisedFrameLength;
        Assert.Equal(NativeErrorCode.FrameTooLarge, Read("00 02 00 01", limit).Fault.Code);
        Assert.Equal(NativeReadStatus.NeedMore, Read("00 02 00 00", limit).Status);
        Assert.Throws<ArgumentOutOfRangeException>(() => Read("", NativeLimits.MaxFrameLength + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Read("", NativeLimits.MinFrameLength - 1));
    }

    [Fact]
    public void A_large_declared_frame_allocates_nothing_while_its_bytes_are_awaited()
    {
        // A MESSAGE header declaring its largest LENGTH (65 857), then silence: a stalled peer.
        var header = new ReadOnlySequence<byte>(Hex.Parse("00 01 01 41 01 10 00 00 00 00 00 01"));
        Assert.Equal(65_849, NativeFrameReader.Read(header).BytesNeeded);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            NativeFrameReader.Read(header);
        }

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1024);
    }

    [Theory]
    [InlineData("00 00 00 00")]
    [InlineData("00 00 00 07")]
    public void A_length_shorter_than_the_header_is_malformed(string hex)
    {
        var result = Read(hex);
        Assert.Equal(NativeErrorCode.Malformed, result.Fault.Code);
        Assert.Equal(PacketError.LengthOutOfRange, result.Fault.Reason);
    }

    [Fact]
    public void An_unknown_version_is_refused_from_five_bytes_with_the_documented_error_frame()
    {
        var result = Read("00 00 00 10 02");
        Assert.Equal(NativeReadStatus.Malformed, result.Status);
        Assert.Equal(new NativeFault(NativeErrorCode.UnsupportedVersion, PacketError.Unsupported, 4, 0), result.Fault);
        Assert.Equal(NativeExamples.Bytes("error"), result.Fault.ToErrorFrame().ToArray());
        Assert.Equal(NativeErrorCode.UnsupportedVersion, Read("00 00 00 10 00").Fault.Code);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("03")]
    [InlineData("13")]
    [InlineData("3e")]
    [InlineData("ff")]
    public void An_unknown_type_is_refused_from_the_header(string type)
    {
        var result = Read($"00 00 00 08 01 {type} 00 00 00 00 00 09");
        Assert.Equal(NativeErrorCode.UnknownType, result.Fault.Code);
        Assert.Equal(5, result.Fault.Offset);
    }

    [Theory]
    [InlineData("00 01")]
    [InlineData("80 00")]
    public void A_reserved_flag_bit_is_malformed_and_names_the_stream(string flags)
    {
        var result = Read($"00 00 00 08 01 12 {flags} 00 00 00 09");
        Assert.Equal(new NativeFault(NativeErrorCode.Malformed, PacketError.BadValue, 6, 9), result.Fault);
    }

    [Theory]
    [InlineData("00 00 00 08 01 12 00 00 00 00 00 00")] // ACK on stream 0
    [InlineData("00 00 00 10 01 20 00 00 00 00 00 00 01 02 03 04 05 06 07 08")] // PING on stream 0
    [InlineData("00 00 00 0b 01 30 00 00 00 00 00 01 00 00 00")] // GOODBYE on stream 1
    public void A_stream_id_the_type_does_not_allow_is_a_protocol_violation(string hex)
    {
        Assert.Equal(NativeErrorCode.ProtocolViolation, Read(hex).Fault.Code);
    }

    [Theory]
    [InlineData("00 00 00 09 01 12 00 00 00 00 00 02")] // ACK with a payload byte
    [InlineData("00 00 00 0f 01 20 00 00 00 00 00 05")] // PING with 7 bytes
    [InlineData("00 00 00 11 01 21 00 00 00 00 00 05")] // PONG with 9 bytes
    [InlineData("00 00 00 0a 01 3f 00 00 00 00 00 00")] // ERROR shorter than CODE + STR8
    [InlineData("00 00 01 0b 01 3f 00 00 00 00 00 00")] // ERROR longer than CODE + 255-byte STR8
    [InlineData("00 00 00 20 01 10 00 00 00 00 00 01")] // MESSAGE shorter than its fixed fields
    [InlineData("00 01 10 00 01 10 00 00 00 00 00 01")] // MESSAGE longer than its largest form
    [InlineData("00 00 20 00 01 01 00 00 00 00 00 00")] // HELLO longer than 64 names can make it
    public void A_length_the_type_cannot_have_is_refused_from_the_header_alone(string hex)
    {
        var result = Read(hex);
        Assert.Equal(NativeReadStatus.Malformed, result.Status);
        Assert.Equal(PacketError.LengthOutOfRange, result.Fault.Reason);
    }

    [Fact]
    public void A_bad_payload_is_malformed_with_the_code_for_its_reason_and_the_stream_id()
    {
        var bytes = NativeExamples.Bytes("message");
        bytes[^1] = 0xFF; // breaks the UTF-8 of TEXT
        var result = NativeFrameReader.Read(Segments.Bytewise(bytes));
        Assert.Equal(NativeReadStatus.Malformed, result.Status);
        Assert.Equal(NativeErrorCode.InvalidText, result.Fault.Code);
        Assert.Equal(1u, result.Fault.StreamId);
        Assert.Equal(NativeErrorCode.InvalidText, result.Fault.ToErrorFrame().Code);
        Assert.Equal(1u, result.Fault.ToErrorFrame().StreamId);
    }

    [Fact]
    public void TryRead_reports_frame_need_more_and_fault_apart()
    {
        Assert.True(NativeFrameReader.TryRead(new ReadOnlySequence<byte>(NativeExamples.Bytes("ping")), out var frame, out var consumed, out var fault));
        Assert.IsType<PingFrame>(frame);
        Assert.Equal(20, consumed);
        Assert.Null(fault);
        Assert.False(NativeFrameReader.TryRead(new ReadOnlySequence<byte>(NativeExamples.Bytes("ping")[..19]), out frame, out consumed, out fault));
        Assert.Null(frame);
        Assert.Equal(0, consumed);
        Assert.Null(fault);
        Assert.False(NativeFrameReader.TryRead(new ReadOnlySequence<byte>(Hex.Parse("ff ff ff ff")), out _, out _, out fault));
        Assert.Equal(NativeErrorCode.FrameTooLarge, fault!.Value.Code);
    }
}
