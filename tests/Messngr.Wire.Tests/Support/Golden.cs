namespace Messngr.Wire.Tests.Support;

/// <summary>
/// The style.md test recipe for one datagram codec root: parse, write back the same bytes,
/// parse at a non-zero offset, and reject every proper prefix with a clean <see cref="PacketError"/>.
/// </summary>
internal static class Golden
{
    public delegate bool TryParse<T>(ReadOnlySpan<byte> bytes, out T? value, out PacketError error);

    public delegate byte[] Encode<in T>(T value);

    /// <summary>Parses <paramref name="bytes"/>, asserts success, writes it back and compares.</summary>
    public static T RoundTrip<T>(byte[] bytes, TryParse<T> parse, Encode<T> encode)
    {
        Assert.True(parse(bytes, out var value, out var error), $"parse failed: {error}");
        Assert.NotNull(value);
        Assert.Equal(Hex.Format(bytes), Hex.Format(encode(value!)));
        Assert.True(parse(encode(value!), out var again, out _));
        Assert.Equal(Hex.Format(encode(value!)), Hex.Format(encode(again!)));
        return value!;
    }

    /// <summary>The same packet inside a larger buffer at an offset parses the same.</summary>
    public static void AtOffset<T>(byte[] bytes, TryParse<T> parse, Encode<T> encode)
    {
        var padded = new byte[bytes.Length + 7];
        bytes.CopyTo(padded, 5);
        Assert.True(parse(padded.AsSpan(5, bytes.Length), out var value, out var error), $"parse at offset failed: {error}");
        Assert.Equal(Hex.Format(bytes), Hex.Format(encode(value!)));
    }

    /// <summary>Every proper prefix yields false with a reason, never an exception.</summary>
    public static void PrefixesRejected<T>(byte[] bytes, TryParse<T> parse)
    {
        for (var length = 0; length < bytes.Length; length++)
        {
            var ok = parse(bytes.AsSpan(0, length), out _, out var error);
            Assert.False(ok, $"prefix of {length}/{bytes.Length} bytes was accepted");
            Assert.NotEqual(PacketError.None, error);
        }
    }

    /// <summary>All three checks.</summary>
    public static T Check<T>(byte[] bytes, TryParse<T> parse, Encode<T> encode)
    {
        var value = RoundTrip(bytes, parse, encode);
        AtOffset(bytes, parse, encode);
        PrefixesRejected(bytes, parse);
        return value;
    }
}
