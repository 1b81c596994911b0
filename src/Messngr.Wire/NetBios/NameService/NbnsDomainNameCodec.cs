using System.Text;

namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// DNS-style domain names in NBNS redirect responses (RFC 1002 4.2.15 NSD_NAME and the A record's
/// RR_NAME; RFC 1035 3.1 / 4.1.4 for labels and pointers). Grammar:
/// <c>{ len(1..63) printable-ASCII-label } ( 0x00 | 11pppppp pppppppp )</c>, at most 255 bytes,
/// pointers backwards only and at most <see cref="NetBiosNameCodec.MaxPointerHops"/> of them.
/// </summary>
internal static class NbnsDomainNameCodec
{
    public static string Read(ref WireReader reader, out ushort? pointer)
    {
        pointer = null;
        var buffer = reader.Buffer;
        var position = reader.Position;
        var resumeAt = -1;
        var hops = 0;
        var encodedLength = 0;
        var sb = new StringBuilder();
        var labels = 0;

        while (true)
        {
            if (position >= buffer.Length)
            {
                reader.Seek(buffer.Length);
                reader.Fail(PacketError.Truncated);
            }

            var length = buffer[position];
            if ((length & 0xC0) == 0xC0)
            {
                if (position + 1 >= buffer.Length)
                {
                    reader.Seek(position);
                    reader.Fail(PacketError.Truncated);
                }

                var target = ((length & 0x3F) << 8) | buffer[position + 1];
                if (target >= position || ++hops > NetBiosNameCodec.MaxPointerHops)
                {
                    reader.Seek(position);
                    reader.Fail(PacketError.BadPointer);
                }

                if (resumeAt < 0)
                {
                    resumeAt = position + 2;
                    if (labels == 0)
                    {
                        pointer = (ushort)target;
                    }
                }

                position = target;
                continue;
            }

            if ((length & 0xC0) != 0)
            {
                reader.Seek(position);
                reader.Fail(PacketError.BadNameEncoding);
            }

            encodedLength += 1 + length;
            if (encodedLength > NetBiosNameCodec.MaxEncodedLength)
            {
                reader.Seek(position);
                reader.Fail(PacketError.NameTooLong);
            }

            if (length == 0)
            {
                position++;
                break;
            }

            if (position + 1 + length > buffer.Length)
            {
                reader.Seek(position);
                reader.Fail(PacketError.Truncated);
            }

            foreach (var c in buffer.Slice(position + 1, length))
            {
                if (c is <= (byte)' ' or > (byte)'~' or (byte)'.')
                {
                    reader.Seek(position);
                    reader.Fail(PacketError.BadNameEncoding);
                }
            }

            if (labels++ > 0)
            {
                sb.Append('.');
            }

            sb.Append(Encoding.ASCII.GetString(buffer.Slice(position + 1, length)));
            position += 1 + length;
        }

        reader.Seek(resumeAt >= 0 ? resumeAt : position);
        return sb.ToString();
    }

    public static void Write(ref WireWriter writer, string name)
    {
        if (name.Length > 0)
        {
            foreach (var label in name.Split('.'))
            {
                writer.WriteByte((byte)label.Length);
                Encoding.ASCII.GetBytes(label, writer.Reserve(label.Length));
            }
        }

        writer.WriteByte(0);
    }

    public static int GetEncodedLength(string name) => name.Length == 0 ? 1 : name.Length + 2;

    /// <summary>Throws <see cref="ArgumentException"/> unless the name can be written and read back unchanged.</summary>
    public static void Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (GetEncodedLength(name) > NetBiosNameCodec.MaxEncodedLength)
        {
            throw new ArgumentException($"domain name '{name}' encodes to more than 255 bytes", nameof(name));
        }

        if (name.Length == 0)
        {
            return;
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > NetBiosNameCodec.MaxLabelLength || label.Any(c => c is <= ' ' or > '~'))
            {
                throw new ArgumentException($"domain name '{name}' has an empty, too long or non-printable label", nameof(name));
            }
        }
    }
}
