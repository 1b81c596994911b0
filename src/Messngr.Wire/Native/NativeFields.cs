using System.Buffers.Binary;

namespace Messngr.Wire.Native;

/// <summary>Fixed-size fields shared by several frames (docs/native-protocol.md §4.4).</summary>
internal static class NativeFields
{
    /// <summary>A TIME: i64 BE milliseconds since 1970-01-01T00:00:00Z; negative values are malformed.</summary>
    public static long ReadTime(ref WireReader reader)
    {
        var start = reader.AbsolutePosition;
        var value = BinaryPrimitives.ReadInt64BigEndian(reader.ReadBytes(8));
        if (value < 0)
        {
            throw new MalformedPacketException(PacketError.BadValue, start);
        }

        return value;
    }

    public static void WriteTime(ref WireWriter writer, long value) => BinaryPrimitives.WriteInt64BigEndian(writer.Reserve(8), value);

    public static ulong ReadUInt64(ref WireReader reader) => BinaryPrimitives.ReadUInt64BigEndian(reader.ReadBytes(8));

    public static void WriteUInt64(ref WireWriter writer, ulong value) => BinaryPrimitives.WriteUInt64BigEndian(writer.Reserve(8), value);

    /// <summary>
    /// A MESSAGE-ID: 16 bytes in RFC 9562 order that must be a UUIDv7 (version nibble 7, variant
    /// bits 10), or all zero where the field is optional (<paramref name="allowNil"/>).
    /// </summary>
    public static Guid ReadMessageId(ref WireReader reader, bool allowNil)
    {
        var start = reader.AbsolutePosition;
        var bytes = reader.ReadBytes(NativeLimits.MessageIdLength);
        if (!IsValidId(bytes, allowNil))
        {
            throw new MalformedPacketException(PacketError.BadValue, start);
        }

        return new Guid(bytes, bigEndian: true);
    }

    public static void WriteMessageId(ref WireWriter writer, Guid id)
    {
        if (!id.TryWriteBytes(writer.Reserve(NativeLimits.MessageIdLength), bigEndian: true, out _))
        {
            throw new InvalidOperationException("a message id did not fit 16 bytes");
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="id"/> is a UUIDv7 (or nil when allowed).</summary>
    public static Guid CheckMessageId(Guid id, bool allowNil, string field)
    {
        Span<byte> bytes = stackalloc byte[NativeLimits.MessageIdLength];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return IsValidId(bytes, allowNil)
            ? id
            : throw new ArgumentException($"{field} must be a UUIDv7{(allowNil ? " or all zero" : string.Empty)}, got {id}", field);
    }

    public static long CheckTime(long value, string field) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(field, value, $"{field} is milliseconds since 1970 and cannot be negative");

    private static bool IsValidId(ReadOnlySpan<byte> bytes, bool allowNil)
    {
        if (allowNil && !bytes.ContainsAnyExcept((byte)0))
        {
            return true;
        }

        // RFC 9562 §5.7: version 0b0111 in the high nibble of octet 6, variant 0b10 in octet 8.
        return bytes[6] >> 4 == 7 && (bytes[8] & 0xC0) == 0x80;
    }
}
