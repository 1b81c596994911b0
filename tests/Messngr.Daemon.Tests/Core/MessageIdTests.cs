using System.Globalization;
using Messngr.Daemon.Core;
using Microsoft.Extensions.Time.Testing;

namespace Messngr.Daemon.Tests.Core;

/// <summary>Issue #13, item 1: the message id is a UUIDv7 (RFC 9562 §5.7), monotonic in one process (§6.2).</summary>
public sealed class MessageIdTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-12-07T04:30:00.123Z", CultureInfo.InvariantCulture);

    [Fact]
    public void A_new_id_is_lower_case_8_4_4_4_12_version_7_variant_10_stamped_with_the_time()
    {
        var id = new MessageIdGenerator(new FakeTimeProvider(At)).Next();
        var text = id.ToString();

        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", text);
        Assert.Equal(At, id.Timestamp);
        Assert.Equal(7, Guid.Parse(text).Version); // the BCL reads it as the same UUID
        Assert.InRange(Guid.Parse(text).Variant, 0b1000, 0b1011);
        Assert.StartsWith(At.ToUnixTimeMilliseconds().ToString("x12", CultureInfo.InvariantCulture)[..8], text, StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_of_one_millisecond_grow_strictly_as_values_text_and_bytes()
    {
        var generator = new MessageIdGenerator(new FakeTimeProvider(At));
        var ids = Enumerable.Range(0, 20_000).Select(_ => generator.Next()).ToList();

        for (var i = 1; i < ids.Count; i++)
        {
            Assert.True(ids[i] > ids[i - 1], $"id {i} does not grow");
            Assert.True(string.CompareOrdinal(ids[i].ToString(), ids[i - 1].ToString()) > 0);
            Assert.True(Bytes(ids[i]).AsSpan().SequenceCompareTo(Bytes(ids[i - 1])) > 0);
        }

        Assert.All(ids, id => Assert.True(id.Timestamp >= At));
    }

    [Fact]
    public void A_clock_that_steps_back_does_not_make_a_smaller_id()
    {
        var generator = new MessageIdGenerator();
        var first = generator.Next(At);
        var second = generator.Next(At.AddMinutes(-5));

        Assert.True(second > first);
        Assert.Equal(At, second.Timestamp);
    }

    [Fact]
    public void An_id_parses_back_from_its_text_and_its_bytes_and_upper_case_is_accepted()
    {
        var id = MessageId.New();
        Assert.True(MessageId.TryParse(id.ToString(), out var parsed, out var error));
        Assert.Equal((id, MessageIdError.None), (parsed, error));
        Assert.True(MessageId.TryParse(id.ToString().ToUpperInvariant(), out var upper, out _));
        Assert.Equal(id, upper);
        Assert.True(MessageId.TryRead(Bytes(id), out var read, out _));
        Assert.Equal(id, read);
    }

    [Theory]
    [InlineData(null, nameof(MessageIdError.Empty))]
    [InlineData("", nameof(MessageIdError.Empty))]
    [InlineData("0190f0a0-1234-7abc-8def-0123456789a", nameof(MessageIdError.WrongLength))]
    [InlineData("0190f0a0-1234-7abc-8def-0123456789abc", nameof(MessageIdError.WrongLength))]
    [InlineData("0190f0a0x1234-7abc-8def-0123456789ab", nameof(MessageIdError.Malformed))]
    [InlineData("0190f0a0-1234-7abc-8def-0123456789ag", nameof(MessageIdError.Malformed))]
    [InlineData("{190f0a0-1234-7abc-8def-0123456789a}", nameof(MessageIdError.Malformed))]
    [InlineData("0190f0a0-1234-4abc-8def-0123456789ab", nameof(MessageIdError.NotVersion7))]
    [InlineData("0190f0a0-1234-7abc-cdef-0123456789ab", nameof(MessageIdError.WrongVariant))]
    [InlineData("0190f0a0-1234-7abc-0def-0123456789ab", nameof(MessageIdError.WrongVariant))]
    public void Text_that_is_not_a_UUIDv7_is_refused_with_its_reason(string? text, string expected)
    {
        Assert.False(MessageId.TryParse(text, out var id, out var error));
        Assert.Equal((default(MessageId), Enum.Parse<MessageIdError>(expected)), (id, error));
    }

    [Fact]
    public void Bytes_of_the_wrong_length_or_version_are_refused_with_their_reason()
    {
        Assert.False(MessageId.TryRead([], out _, out var empty));
        Assert.False(MessageId.TryRead(new byte[15], out _, out var shortBytes));
        Assert.False(MessageId.TryRead(new byte[16], out _, out var zero));
        Assert.Equal((MessageIdError.Empty, MessageIdError.WrongLength, MessageIdError.NotVersion7), (empty, shortBytes, zero));
    }

    [Fact]
    public void Every_proper_prefix_of_an_id_is_refused_without_throwing()
    {
        var text = MessageId.New().ToString();
        for (var i = 0; i < text.Length; i++)
        {
            Assert.False(MessageId.TryParse(text[..i], out _, out var error));
            Assert.NotEqual(MessageIdError.None, error);
        }
    }

    private static byte[] Bytes(MessageId id)
    {
        var bytes = new byte[MessageId.ByteLength];
        id.WriteBytes(bytes);
        return bytes;
    }
}
