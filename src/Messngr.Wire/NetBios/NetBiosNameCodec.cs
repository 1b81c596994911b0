using System.Text;

namespace Messngr.Wire.NetBios;

/// <summary>
/// First- and second-level encoding of NetBIOS names (RFC 1001 14.1, RFC 1002 4.1, protocols.md §1.5–1.6).
/// Grammar: <c>0x20 &lt;32 chars 'A'..'P'&gt; { len(1..63) label } 0x00</c>, or in NBNS a label
/// pointer <c>11pppppp pppppppp</c> (offset from the start of the message) in place of any label.
/// </summary>
public static class NetBiosNameCodec
{
    /// <summary>Length byte of the first label: 16 bytes become 32 characters.</summary>
    public const int FirstLabelLength = 32;

    /// <summary>Bytes of an encoded name without scope: 0x20, 32 characters, 0x00.</summary>
    public const int EncodedLengthWithoutScope = 34;

    /// <summary>RFC 1002 4.1 / illumos NETBIOS_LABEL_MAX.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>RFC 1002 4.1 / illumos NETBIOS_DOMAIN_NAME_MAX: the whole encoded name.</summary>
    public const int MaxEncodedLength = 255;

    /// <summary>How many label pointers one name may follow ("maybe there's a loop", miekg/dns).</summary>
    public const int MaxPointerHops = 8;

    /// <summary>
    /// Reads an encoded name at the reader's position. With <paramref name="allowPointers"/>
    /// (NBNS only) label pointers are followed, backwards only and at most
    /// <see cref="MaxPointerHops"/> times. <paramref name="pointer"/> is set when the whole name
    /// was a single pointer, so that writers can reproduce the same bytes.
    /// </summary>
    public static NetBiosName Read(ref WireReader reader, bool allowPointers, out ushort? pointer)
    {
        pointer = null;
        var buffer = reader.Buffer;
        var position = reader.Position;
        var resumeAt = -1;
        var hops = 0;
        var encodedLength = 0;
        Span<byte> raw = stackalloc byte[NetBiosName.Length];
        StringBuilder? scope = null;
        var labelIndex = 0;

        while (true)
        {
            if (position >= buffer.Length)
            {
                reader.Seek(Math.Min(position, buffer.Length));
                reader.Fail(PacketError.Truncated);
            }

            var length = buffer[position];
            if ((length & 0xC0) == 0xC0)
            {
                if (!allowPointers)
                {
                    reader.Seek(position);
                    reader.Fail(PacketError.BadPointer);
                }

                if (position + 1 >= buffer.Length)
                {
                    reader.Seek(position);
                    reader.Fail(PacketError.Truncated);
                }

                var target = ((length & 0x3F) << 8) | buffer[position + 1];
                // Only backward pointers: a forward or self pointer cannot name anything written before it.
                if (target >= position || ++hops > MaxPointerHops)
                {
                    reader.Seek(position);
                    reader.Fail(PacketError.BadPointer);
                }

                if (resumeAt < 0)
                {
                    resumeAt = position + 2;
                    if (labelIndex == 0)
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
            if (encodedLength > MaxEncodedLength)
            {
                reader.Seek(position);
                reader.Fail(PacketError.NameTooLong);
            }

            if (length == 0)
            {
                if (labelIndex == 0)
                {
                    reader.Seek(position);
                    reader.Fail(PacketError.BadNameEncoding);
                }

                position++;
                break;
            }

            if (position + 1 + length > buffer.Length)
            {
                reader.Seek(position);
                reader.Fail(PacketError.Truncated);
            }

            var label = buffer.Slice(position + 1, length);
            if (labelIndex == 0)
            {
                if (length != FirstLabelLength || !TryDecodeFirstLevel(label, raw))
                {
                    reader.Seek(position);
                    reader.Fail(PacketError.BadNameEncoding);
                }
            }
            else
            {
                foreach (var c in label)
                {
                    if (c is <= (byte)' ' or > (byte)'~' or (byte)'.')
                    {
                        reader.Seek(position);
                        reader.Fail(PacketError.BadNameEncoding);
                    }
                }

                scope ??= new StringBuilder();
                if (scope.Length > 0)
                {
                    scope.Append('.');
                }

                scope.Append(Encoding.ASCII.GetString(label));
            }

            labelIndex++;
            position += 1 + length;
        }

        reader.Seek(resumeAt >= 0 ? resumeAt : position);
        return NetBiosName.FromWire(raw, scope?.ToString() ?? string.Empty);
    }

    /// <summary>Writes the full (uncompressed) encoded name.</summary>
    public static void Write(ref WireWriter writer, NetBiosName name)
    {
        writer.WriteByte(FirstLabelLength);
        EncodeFirstLevel(name.RawBytes, writer.Reserve(FirstLabelLength));
        if (name.Scope.Length > 0)
        {
            foreach (var label in name.Scope.Split('.'))
            {
                writer.WriteByte((byte)label.Length);
                Encoding.ASCII.GetBytes(label, writer.Reserve(label.Length));
            }
        }

        writer.WriteByte(0);
    }

    /// <summary>Writes a label pointer (NBNS only): <c>0xC000 | offset</c>.</summary>
    public static void WritePointer(ref WireWriter writer, ushort offset) =>
        writer.WriteUInt16BigEndian((ushort)(0xC000 | (offset & 0x3FFF)));

    public static int GetEncodedLength(NetBiosName name) =>
        name.Scope.Length == 0 ? EncodedLengthWithoutScope : EncodedLengthWithoutScope + name.Scope.Length + 1;

    /// <summary>Half-ASCII: each nibble n becomes 'A' + n (RFC 1001 14.1).</summary>
    public static void EncodeFirstLevel(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            destination[2 * i] = (byte)('A' + (raw[i] >> 4));
            destination[(2 * i) + 1] = (byte)('A' + (raw[i] & 0x0F));
        }
    }

    public static bool TryDecodeFirstLevel(ReadOnlySpan<byte> encoded, Span<byte> raw)
    {
        if (encoded.Length != 2 * raw.Length)
        {
            return false;
        }

        for (var i = 0; i < raw.Length; i++)
        {
            var hi = encoded[2 * i] - 'A';
            var lo = encoded[(2 * i) + 1] - 'A';
            if ((uint)hi > 15 || (uint)lo > 15)
            {
                return false;
            }

            raw[i] = (byte)((hi << 4) | lo);
        }

        return true;
    }
}
