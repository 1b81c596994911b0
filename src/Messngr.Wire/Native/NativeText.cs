using System.Text;
using System.Text.Unicode;

namespace Messngr.Wire.Native;

/// <summary>
/// The two string encodings of the native protocol (docs/native-protocol.md §4.4): STR8, a u8
/// byte count then UTF-8, and TEXT32, a u32 BE byte count then UTF-8. Strings must be valid
/// UTF-8 (RFC 3629: no overlong forms, no surrogates); a <em>label</em> (a name, user,
/// correlation key) also holds no control characters (U+0000–U+001F, U+007F–U+009F).
/// </summary>
internal static class NativeText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a STR8 of <paramref name="min"/>..<paramref name="max"/> bytes.</summary>
    public static string ReadStr8(ref WireReader reader, int min, int max, bool label)
    {
        var start = reader.AbsolutePosition;
        int length = reader.ReadByte();
        if (length < min || length > max)
        {
            throw new MalformedPacketException(PacketError.LengthOutOfRange, start);
        }

        return Decode(ref reader, length, label);
    }

    /// <summary>Reads a TEXT32 of at most <paramref name="max"/> bytes (checked before the bytes are read).</summary>
    public static string ReadText32(ref WireReader reader, int max)
    {
        var start = reader.AbsolutePosition;
        var length = reader.ReadUInt32BigEndian();
        if (length > (uint)max)
        {
            throw new MalformedPacketException(PacketError.LengthOutOfRange, start);
        }

        return Decode(ref reader, (int)length, label: false);
    }

    public static void WriteStr8(ref WireWriter writer, string value, int byteCount)
    {
        writer.WriteByte((byte)byteCount);
        Encode(ref writer, value, byteCount);
    }

    public static void WriteText32(ref WireWriter writer, string value, int byteCount)
    {
        writer.WriteUInt32BigEndian((uint)byteCount);
        Encode(ref writer, value, byteCount);
    }

    /// <summary>
    /// Checks a string a caller wants to send and returns its UTF-8 byte count; throws
    /// <see cref="ArgumentException"/> naming <paramref name="field"/> when it breaks a rule.
    /// </summary>
    public static int Measure(string value, int min, int max, bool label, string field)
    {
        ArgumentNullException.ThrowIfNull(value, field);
        int count;
        try
        {
            count = Strict.GetByteCount(value);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException($"{field} is not valid Unicode (a lone surrogate)", field, ex);
        }

        if (count < min || count > max)
        {
            throw new ArgumentException($"{field} must be {min}..{max} bytes of UTF-8, got {count}", field);
        }

        if (label && HasControl(value))
        {
            throw new ArgumentException($"{field} must not contain control characters", field);
        }

        return count;
    }

    private static string Decode(ref WireReader reader, int length, bool label)
    {
        var start = reader.AbsolutePosition;
        var bytes = reader.ReadBytes(length);
        if (!Utf8.IsValid(bytes))
        {
            throw new MalformedPacketException(PacketError.InvalidText, start);
        }

        var value = Encoding.UTF8.GetString(bytes);
        if (label && HasControl(value))
        {
            throw new MalformedPacketException(PacketError.InvalidText, start);
        }

        return value;
    }

    private static void Encode(ref WireWriter writer, string value, int byteCount)
    {
        var written = Strict.GetBytes(value, writer.Reserve(byteCount));
        if (written != byteCount)
        {
            throw new InvalidOperationException($"UTF-8 wrote {written} bytes but measured {byteCount}");
        }
    }

    private static bool HasControl(string value)
    {
        foreach (var c in value)
        {
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
            {
                return true;
            }
        }

        return false;
    }
}
