using System.Text;

namespace Messngr.Wire;

/// <summary>
/// Line-break conventions of message text. Windows turns CR, LF, CRLF and LFCR into the single
/// byte 0x14 before sending ([MS-MSRP] 2.2.3.1.1, note &lt;4&gt;); receivers treat 0x14, CR, LF
/// and CRLF as line breaks (protocols.md §4.2).
/// </summary>
public static class MessageText
{
    /// <summary>The Windows Messenger line-break byte ([MS-MSRP] note &lt;4&gt;; '¶' in CP437/CP850).</summary>
    public const byte WindowsLineBreak = 0x14;

    /// <summary>Turns every CR, LF, CRLF and LFCR into one 0x14 character (the sending convention of Windows).</summary>
    public static string ToWindowsLineBreaks(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n')
            {
                sb.Append((char)WindowsLineBreak);
                if (i + 1 < text.Length && text[i + 1] is '\r' or '\n' && text[i + 1] != c)
                {
                    i++;
                }
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Turns 0x14, CR, CRLF and LFCR into '\n' (the receiving convention; LinPopUp does the same for 0x14).</summary>
    public static string ToUnixLineBreaks(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\r' or '\n')
            {
                sb.Append('\n');
                if (i + 1 < text.Length && text[i + 1] is '\r' or '\n' && text[i + 1] != c)
                {
                    i++;
                }
            }
            else if (c == (char)WindowsLineBreak)
            {
                sb.Append('\n');
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Decodes bytes received on the wire into text with Unix line breaks. The bytes are OEM, but
    /// Samba's smbclient sends a whole 127-byte block as raw UTF-8 when it cannot convert it
    /// (protocols.md §8: "Conversion failed, sending message in UNIX charset" — it happens
    /// whenever a block boundary splits a UTF-8 character), so runs that are well-formed UTF-8
    /// multi-byte sequences are decoded as UTF-8 and every other byte with the OEM code page.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> oemBytes, Encoding? oem = null)
    {
        var codePage = oem ?? OemCodePage.Default;
        var sb = new StringBuilder(oemBytes.Length);
        var i = 0;
        while (i < oemBytes.Length)
        {
            var length = Utf8SequenceLength(oemBytes[i..]);
            if (length > 1)
            {
                sb.Append(Encoding.UTF8.GetString(oemBytes.Slice(i, length)));
                i += length;
                continue;
            }

            // Runs of OEM bytes are decoded together; 0x14 (U+0014 in .NET's CP850) becomes a line break below.
            var start = i;
            while (i < oemBytes.Length && (oemBytes[i] < 0x80 || Utf8SequenceLength(oemBytes[i..]) <= 1))
            {
                i++;
            }

            sb.Append(codePage.GetString(oemBytes[start..i]));
        }

        return ToUnixLineBreaks(sb.ToString());
    }

    // Length of a well-formed UTF-8 multi-byte sequence at the start (RFC 3629 table 3-7), else 0 or 1.
    private static int Utf8SequenceLength(ReadOnlySpan<byte> b)
    {
        if (b.Length == 0 || b[0] < 0xC2 || b[0] > 0xF4)
        {
            return b.Length == 0 ? 0 : 1;
        }

        var length = b[0] < 0xE0 ? 2 : b[0] < 0xF0 ? 3 : 4;
        if (b.Length < length)
        {
            return 1;
        }

        for (var k = 1; k < length; k++)
        {
            if ((b[k] & 0xC0) != 0x80)
            {
                return 1;
            }
        }

        // Overlong, surrogate and out-of-range forms are not UTF-8.
        var invalid = (b[0] == 0xE0 && b[1] < 0xA0) || (b[0] == 0xED && b[1] > 0x9F) || (b[0] == 0xF0 && b[1] < 0x90) || (b[0] == 0xF4 && b[1] > 0x8F);
        return invalid ? 1 : length;
    }

    /// <summary>
    /// Encodes text for the wire: line breaks to 0x14 (when asked), then the OEM code page,
    /// failing with a message that names an unrepresentable character.
    /// </summary>
    public static byte[] Encode(string text, Encoding? oem = null, bool windowsLineBreaks = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var converted = windowsLineBreaks ? ToWindowsLineBreaks(text) : text;
        return OemCodePage.EncodeStrict(converted, oem ?? OemCodePage.Default, "message text");
    }

    /// <summary>Splits OEM bytes into blocks of at most <paramref name="blockSize"/> bytes (SMB multi-block, [MS-MSRP] 3.2.4.4).</summary>
    public static IReadOnlyList<ReadOnlyMemory<byte>> SplitBlocks(ReadOnlyMemory<byte> bytes, int blockSize = MessageLimits.SmbBlockBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        var blocks = new List<ReadOnlyMemory<byte>>((bytes.Length / blockSize) + 1);
        for (var offset = 0; offset < bytes.Length; offset += blockSize)
        {
            blocks.Add(bytes.Slice(offset, Math.Min(blockSize, bytes.Length - offset)));
        }

        return blocks;
    }
}
