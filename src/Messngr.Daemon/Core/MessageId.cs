using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Messngr.Daemon.Core;

/// <summary>
/// A message's globally unique, time-ordered id: a UUIDv7 (RFC 9562 §5.7) — 48-bit big-endian
/// Unix time in milliseconds, version 7, 12 bits rand_a, variant 0b10, 62 bits rand_b. Kept as two
/// big-endian halves, so comparing ids, their 16 bytes (<see cref="WriteBytes"/>) or their text
/// (lower-case 8-4-4-4-12, RFC 9562 §4) gives the same order: creation time first.
/// <see cref="Guid"/> is not used as the value: its <c>ToByteArray</c> is little-endian in the first
/// three fields, so its bytes do not sort by time. New ids come from <see cref="MessageIdGenerator"/>.
/// </summary>
internal readonly record struct MessageId : IComparable<MessageId>
{
    /// <summary>Characters of the text form.</summary>
    public const int TextLength = 36;

    /// <summary>Bytes of the binary form.</summary>
    public const int ByteLength = 16;

    private readonly ulong _high;
    private readonly ulong _low;

    private MessageId(ulong high, ulong low)
    {
        _high = high;
        _low = low;
    }

    /// <summary>The creation time carried in the first 48 bits (RFC 9562 §5.7 unix_ts_ms).</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.FromUnixTimeMilliseconds((long)(_high >> 16));

    /// <summary>A fresh id from the process-wide monotonic generator.</summary>
    public static MessageId New() => MessageIdGenerator.Shared.Next();

    /// <summary>Builds a version-7 id from its fields (the generator's one way in).</summary>
    internal static MessageId FromFields(long unixMilliseconds, int randA, ulong randB)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unixMilliseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(unixMilliseconds, MessageIdGenerator.MaxTimestamp);
        var high = ((ulong)unixMilliseconds << 16) | (0x7UL << 12) | ((ulong)randA & 0xFFF);
        var low = (0b10UL << 62) | (randB & 0x3FFF_FFFF_FFFF_FFFF);
        return new MessageId(high, low);
    }

    /// <summary>
    /// Parses the text form: exactly 36 characters, 8-4-4-4-12 hex digits (either case), version 7
    /// and variant 0b10. Never throws; the reason for a refusal is in <paramref name="error"/>.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out MessageId id, out MessageIdError error) =>
        TryParse(text.AsSpan(), out id, out error);

    /// <inheritdoc cref="TryParse(string?, out MessageId, out MessageIdError)"/>
    public static bool TryParse(ReadOnlySpan<char> text, out MessageId id, out MessageIdError error)
    {
        id = default;
        if (text.IsEmpty)
        {
            error = MessageIdError.Empty;
            return false;
        }

        if (text.Length != TextLength)
        {
            error = MessageIdError.WrongLength;
            return false;
        }

        ulong high = 0, low = 0;
        var digits = 0;
        for (var i = 0; i < TextLength; i++)
        {
            var c = text[i];
            if (i is 8 or 13 or 18 or 23)
            {
                if (c != '-')
                {
                    error = MessageIdError.Malformed;
                    return false;
                }

                continue;
            }

            var nibble = HexValue(c);
            if (nibble < 0)
            {
                error = MessageIdError.Malformed;
                return false;
            }

            if (digits < 16)
            {
                high = (high << 4) | (uint)nibble;
            }
            else
            {
                low = (low << 4) | (uint)nibble;
            }

            digits++;
        }

        if (((high >> 12) & 0xF) != 7)
        {
            error = MessageIdError.NotVersion7;
            return false;
        }

        if ((low >> 62) != 0b10)
        {
            error = MessageIdError.WrongVariant;
            return false;
        }

        id = new MessageId(high, low);
        error = MessageIdError.None;
        return true;
    }

    /// <summary>The 16 bytes in network order (RFC 9562 §4); they sort as the ids do.</summary>
    public void WriteBytes(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
    }

    /// <summary>Reads 16 network-order bytes, checked as <see cref="TryParse(ReadOnlySpan{char}, out MessageId, out MessageIdError)"/> checks text.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out MessageId id, out MessageIdError error)
    {
        id = default;
        if (source.Length != ByteLength)
        {
            error = source.IsEmpty ? MessageIdError.Empty : MessageIdError.WrongLength;
            return false;
        }

        var high = BinaryPrimitives.ReadUInt64BigEndian(source);
        var low = BinaryPrimitives.ReadUInt64BigEndian(source[8..]);
        error = ((high >> 12) & 0xF) != 7 ? MessageIdError.NotVersion7 : (low >> 62) != 0b10 ? MessageIdError.WrongVariant : MessageIdError.None;
        if (error != MessageIdError.None)
        {
            return false;
        }

        id = new MessageId(high, low);
        return true;
    }

    public int CompareTo(MessageId other)
    {
        var byHigh = _high.CompareTo(other._high);
        return byHigh != 0 ? byHigh : _low.CompareTo(other._low);
    }

    public static bool operator <(MessageId left, MessageId right) => left.CompareTo(right) < 0;

    public static bool operator >(MessageId left, MessageId right) => left.CompareTo(right) > 0;

    public static bool operator <=(MessageId left, MessageId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(MessageId left, MessageId right) => left.CompareTo(right) >= 0;

    /// <summary>The lower-case 8-4-4-4-12 form (RFC 9562 §4), which is also how the store keeps it.</summary>
    public override string ToString() => string.Create(TextLength, (_high, _low), static (span, halves) =>
    {
        var digits = 0;
        for (var i = 0; i < TextLength; i++)
        {
            if (i is 8 or 13 or 18 or 23)
            {
                span[i] = '-';
                continue;
            }

            var half = digits < 16 ? halves._high : halves._low;
            var shift = 60 - (4 * (digits % 16));
            span[i] = "0123456789abcdef"[(int)((half >> shift) & 0xF)];
            digits++;
        }
    });

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
