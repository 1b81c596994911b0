using Messngr.Wire.Native;

namespace Messngr.Wire.Tests.Native;

/// <summary>Every limit of docs/native-protocol.md §8, from the sending side: misuse is an ArgumentException.</summary>
public class NativeLimitTests
{
    private static readonly Guid Id = NativeExamples.Id;

    private static MessageFrame Message(string user = "u", string recipient = "R", string key = "", string text = "") =>
        new(1, Id, NativePriority.Normal, false, 0, 0, Guid.Empty, user, recipient, key, text);

    [Fact]
    public void The_largest_message_fits_the_smallest_frame_limit_a_node_may_advertise_and_round_trips()
    {
        var name = new string('n', NativeLimits.MaxNameBytes);
        var frame = Message(name, name, new string('k', NativeLimits.MaxCorrelationKeyBytes), new string('t', NativeLimits.MaxTextBytes));
        Assert.True(frame.EncodedLength - 4 <= NativeLimits.MinAdvertisedFrameLength);
        Assert.True(NativeFrame.TryParse(frame.ToArray(), out var again, out var error), error.ToString());
        Assert.Equal(frame, again);
    }

    [Fact]
    public void Strings_over_their_byte_limits_are_refused_when_built()
    {
        Assert.Throws<ArgumentException>(() => Message(user: new string('u', 65)));
        Assert.Throws<ArgumentException>(() => Message(user: new string('\u00e9', 33))); // 66 bytes of UTF-8
        Assert.Throws<ArgumentException>(() => Message(user: ""));
        Assert.Throws<ArgumentException>(() => Message(recipient: new string('r', 65)));
        Assert.Throws<ArgumentException>(() => Message(key: new string('k', 129)));
        Assert.Throws<ArgumentException>(() => Message(text: new string('t', NativeLimits.MaxTextBytes + 1)));
        Assert.Throws<ArgumentException>(() => new ErrorFrame(0, NativeErrorCode.Internal, new string('e', 256)));
        Assert.Throws<ArgumentException>(() => new GoodbyeFrame(NativeGoodbyeReason.Idle, new string('g', 256)));
        Assert.Throws<ArgumentException>(() => new ReceiptFrame(1, Id, NativeReceiptState.Refused, NativeRefusalReason.Policy, 0, new string('d', 256)));
    }

    [Fact]
    public void Labels_with_control_characters_and_strings_with_lone_surrogates_are_refused_when_built()
    {
        Assert.Throws<ArgumentException>(() => Message(user: "a\nb"));
        Assert.Throws<ArgumentException>(() => Message(recipient: "B\u0085OB"));
        Assert.Throws<ArgumentException>(() => Message(key: "k\0"));
        Assert.Throws<ArgumentException>(() => Message(text: "\ud800"));
        Assert.Equal("line 1\nline 2", Message(text: "line 1\nline 2").Text);
    }

    [Fact]
    public void Ids_times_priorities_and_stream_ids_are_checked_when_built()
    {
        Assert.Throws<ArgumentException>(() => new MessageFrame(1, Guid.Empty, NativePriority.Low, false, 0, 0, Guid.Empty, "u", "R", "", ""));
        Assert.Throws<ArgumentException>(() => new MessageFrame(1, Guid.NewGuid(), NativePriority.Low, false, 0, 0, Guid.Empty, "u", "R", "", "")); // v4
        Assert.Throws<ArgumentException>(() => new MessageFrame(1, Id, NativePriority.Low, false, 0, 0, Guid.NewGuid(), "u", "R", "", ""));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageFrame(1, Id, (NativePriority)4, false, 0, 0, Guid.Empty, "u", "R", "", ""));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageFrame(1, Id, NativePriority.Low, false, -1, 0, Guid.Empty, "u", "R", "", ""));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MessageFrame(0, Id, NativePriority.Low, false, 0, 0, Guid.Empty, "u", "R", "", ""));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AckFrame(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PingFrame(0, 1));
        Assert.Throws<ArgumentException>(() => new ReceiptFrame(1, Id, NativeReceiptState.Refused, NativeRefusalReason.None, 0));
        Assert.Throws<ArgumentException>(() => new ReceiptFrame(1, Id, NativeReceiptState.Read, NativeRefusalReason.NotHere, 0));
        Assert.Equal(7, new MessageFrame(1, Guid.CreateVersion7(), NativePriority.Low, false, 0, 0, Guid.Empty, "u", "R", "", "").MessageId.Version);
    }

    [Fact]
    public void Offers_and_version_lists_are_checked_when_built()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NativeOffer(0, NativeLimits.MinAdvertisedFrameLength - 1, 1, 0, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NativeOffer(0, NativeLimits.MaxFrameLength + 1, 1, 0, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NativeOffer(0, NativeLimits.MaxFrameLength, 0, 0, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NativeOffer(0, NativeLimits.MaxFrameLength, NativeLimits.MaxInFlight + 1, 0, []));
        Assert.Throws<ArgumentException>(() => new NativeOffer(0, NativeLimits.MaxFrameLength, 1, 0, Enumerable.Repeat("N", 65)));
        var offer = new NativeOffer(0, NativeLimits.MaxFrameLength, 1, 0, Enumerable.Range(0, 64).Select(i => new string('n', 63) + (char)('0' + (i % 10))));
        Assert.Throws<ArgumentException>(() => new HelloFrame([], offer));
        Assert.Throws<ArgumentException>(() => new HelloFrame([2, 1], offer));
        Assert.Throws<ArgumentException>(() => new HelloFrame(Enumerable.Range(1, 17).Select(i => (byte)i), offer));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HelloAckFrame(0, offer));

        // The largest HELLO (16 versions, 64 names of 64 bytes) is exactly the header's upper bound.
        var largest = new HelloFrame(Enumerable.Range(1, 16).Select(i => (byte)i), offer);
        Assert.True(NativeFrame.TryParse(largest.ToArray(), out var again, out var error), error.ToString());
        Assert.Equal(largest, again);
    }
}
