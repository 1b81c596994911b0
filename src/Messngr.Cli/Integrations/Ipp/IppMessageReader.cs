using System.Buffers.Binary;
using System.Text;

namespace Messngr.Cli.Integrations.Ipp;

/// <summary>
/// Reads IPP messages one after the other from a stream, as cupsd writes events to a
/// notifier's stdin (ippWriteFile, one message per event). Total: every length is checked
/// against the message budget before it is read, counts and nesting are bounded, and anything
/// malformed is an <see cref="IppFormatException"/> with an <see cref="IppError"/>.
/// <code>
/// ipp-message    = version-number(2) operation-id/status-code(2) request-id(4)
///                  *(begin-attribute-group-tag(1) *attribute) end-of-attributes-tag(1)
/// attribute      = value-tag(1) name-length(2) name value-length(2) value     (RFC 8010 3.1)
/// additional-val = value-tag(1) 0x0000 value-length(2) value
/// </code>
/// </summary>
internal sealed class IppMessageReader(Stream input, int maxMessageBytes = IppMessageReader.DefaultMaxMessageBytes)
{
    /// <summary>A CUPS event is well under 4 KiB (its notify-text is at most 1023 bytes).</summary>
    public const int DefaultMaxMessageBytes = 64 * 1024;
    public const int MaxAttributes = 512;
    public const int MaxCollectionDepth = 8;

    private readonly byte[] _two = new byte[2];
    private long _offset;

    /// <summary>The next message; null when the input ends cleanly before one begins.</summary>
    public async Task<IppMessage?> ReadAsync(CancellationToken cancellationToken)
    {
        _offset = 0;
        var header = new byte[8];
        var first = await input.ReadAsync(header.AsMemory(0, 1), cancellationToken).ConfigureAwait(false);
        if (first == 0)
        {
            return null;
        }

        _offset = 1;
        await FillAsync(header.AsMemory(1, 7), cancellationToken).ConfigureAwait(false);
        if (header[0] is not (1 or 2))
        {
            throw new IppFormatException(IppError.UnsupportedVersion, 0);
        }

        var attributes = new List<IppAttribute>();
        byte? group = null;
        var depth = 0;
        var count = 0;
        while (true)
        {
            var tag = await ByteAsync(cancellationToken).ConfigureAwait(false);
            if (tag == IppTags.EndOfAttributes)
            {
                return depth != 0
                    ? throw new IppFormatException(IppError.UnbalancedCollection, _offset - 1)
                    : new IppMessage(header[0], header[1], BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2)), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)), attributes);
            }

            if (tag <= IppTags.LastDelimiter)
            {
                if (depth != 0)
                {
                    throw new IppFormatException(IppError.UnbalancedCollection, _offset - 1);
                }

                group = tag;
                continue;
            }

            var at = _offset - 1;
            if (group is null)
            {
                throw new IppFormatException(IppError.AttributeOutsideGroup, at);
            }

            if (tag == IppTags.Extension)
            {
                throw new IppFormatException(IppError.ExtensionTag, at);
            }

            if (++count > MaxAttributes)
            {
                throw new IppFormatException(IppError.TooManyAttributes, at);
            }

            var name = Encoding.UTF8.GetString(await BlockAsync(cancellationToken).ConfigureAwait(false));
            var value = await BlockAsync(cancellationToken).ConfigureAwait(false);
            CheckValue(tag, value, at);
            var inCollection = depth > 0;
            if (tag == IppTags.BegCollection)
            {
                if (++depth > MaxCollectionDepth)
                {
                    throw new IppFormatException(IppError.CollectionTooDeep, at);
                }
            }
            else if (tag == IppTags.EndCollection)
            {
                if (--depth < 0)
                {
                    throw new IppFormatException(IppError.UnbalancedCollection, at);
                }

                continue;
            }

            if (inCollection)
            {
                continue; // a member (RFC 8010 3.1.6): checked, not kept
            }

            if (name.Length > 0)
            {
                attributes.Add(new IppAttribute(group.Value, name, tag, value, 1));
            }
            else if (attributes.Count == 0 || attributes[^1].Group != group.Value)
            {
                throw new IppFormatException(IppError.AdditionalValueWithoutAttribute, at);
            }
            else
            {
                attributes[^1] = attributes[^1] with { ValueCount = attributes[^1].ValueCount + 1 };
            }
        }
    }

    /// <summary>Exactly one message in <paramref name="bytes"/> (tests, fuzzing); false with the reason otherwise.</summary>
    public static bool TryParse(byte[] bytes, out IppMessage? message, out IppError error)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        try
        {
            var reader = new IppMessageReader(stream);
            message = reader.ReadAsync(CancellationToken.None).GetAwaiter().GetResult() ?? throw new IppFormatException(IppError.Truncated, 0);
            if (stream.Position != bytes.Length)
            {
                throw new IppFormatException(IppError.TrailingBytes, stream.Position);
            }

            error = default;
            return true;
        }
        catch (IppFormatException ex)
        {
            message = null;
            error = ex.Reason;
            return false;
        }
    }

    private static void CheckValue(byte tag, byte[] value, long at)
    {
        var ok = tag switch
        {
            IppTags.Integer or IppTags.Enum => value.Length == 4,
            IppTags.Boolean => value.Length == 1,
            _ => true,
        };
        if (!ok)
        {
            throw new IppFormatException(IppError.BadValueLength, at);
        }

        if (tag is IppTags.TextWithLanguage or IppTags.NameWithLanguage)
        {
            var span = value.AsSpan();
            if (span.Length < 2 || span.Length < 2 + BinaryPrimitives.ReadUInt16BigEndian(span) + 2)
            {
                throw new IppFormatException(IppError.BadTextWithLanguage, at);
            }

            var languageLength = BinaryPrimitives.ReadUInt16BigEndian(span);
            if (BinaryPrimitives.ReadUInt16BigEndian(span[(2 + languageLength)..]) != span.Length - 4 - languageLength)
            {
                throw new IppFormatException(IppError.BadTextWithLanguage, at);
            }
        }
    }

    /// <summary>A two-byte length, then that many bytes (both within the budget).</summary>
    private async Task<byte[]> BlockAsync(CancellationToken cancellationToken)
    {
        await FillAsync(_two, cancellationToken).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadUInt16BigEndian(_two);
        if (_offset + length > maxMessageBytes)
        {
            throw new IppFormatException(IppError.TooLarge, _offset);
        }

        var block = new byte[length];
        await FillAsync(block, cancellationToken).ConfigureAwait(false);
        return block;
    }

    private async Task<byte> ByteAsync(CancellationToken cancellationToken)
    {
        var one = new byte[1];
        await FillAsync(one, cancellationToken).ConfigureAwait(false);
        return one[0];
    }

    private async Task FillAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_offset + buffer.Length > maxMessageBytes)
        {
            throw new IppFormatException(IppError.TooLarge, _offset);
        }

        var got = await input.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (got < buffer.Length)
        {
            throw new IppFormatException(IppError.Truncated, _offset + got);
        }

        _offset += buffer.Length;
    }
}
