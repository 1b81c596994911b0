using Messngr.Wire.Native;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.Native;

public class NativeFrameGoldenTests
{
    public static TheoryData<string> Names => new(NativeExamples.Frames.Select(f => f.Name));

    private static bool Parse(ReadOnlySpan<byte> bytes, out NativeFrame? frame, out PacketError error) => NativeFrame.TryParse(bytes, out frame, out error);

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_documented_example_parses_to_its_fields_and_writes_the_same_bytes(string name)
    {
        var (_, hex, expected) = NativeExamples.Frames.Single(f => f.Name == name);
        var bytes = Hex.Parse(hex);
        var frame = Golden.Check<NativeFrame>(bytes, Parse, f => f.ToArray());
        Assert.Equal(expected, frame);
        Assert.Equal(Hex.Format(bytes), Hex.Format(expected.ToArray()));
        Assert.Equal(bytes.Length, expected.EncodedLength);
    }

    [Fact]
    public void The_message_example_carries_every_field()
    {
        Assert.True(NativeFrame.TryParse(NativeExamples.Bytes("message"), out var frame, out _));
        var message = Assert.IsType<MessageFrame>(frame);
        Assert.Equal(1u, message.StreamId);
        Assert.Equal(NativeExamples.Id, message.MessageId);
        Assert.Equal(NativePriority.Normal, message.Priority);
        Assert.False(message.Sealed);
        Assert.Equal(NativeExamples.T + 86_400_000, message.ExpiresAt);
        Assert.Equal(Guid.Empty, message.ReplyTo);
        Assert.Equal(("alice", "BOB", ""), (message.SenderUser, message.Recipient, message.CorrelationKey));
        Assert.Equal("Lunch at 12? \u2615", message.Text);
    }

    [Fact]
    public void A_sealed_high_priority_reply_with_a_correlation_key_round_trips()
    {
        var replyTo = Guid.Parse("0193a1b2-0000-7000-8000-000000000001");
        var frame = new MessageFrame(7, NativeExamples.Id, NativePriority.Critical, true, 1, 0, replyTo, "root", "ALL-ADMINS", "disk:/var", "");
        var bytes = frame.ToArray();
        Assert.Equal(0x03, bytes[12 + 16]);
        Assert.Equal(MessageFrame.SealedFlag, bytes[12 + 17]);
        Assert.True(NativeFrame.TryParse(bytes, out var again, out var error), error.ToString());
        Assert.Equal(frame, again);
    }
}
