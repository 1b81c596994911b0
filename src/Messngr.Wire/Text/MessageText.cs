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

    /// <summary>Decodes OEM bytes received on the wire into text with Unix line breaks.</summary>
    public static string Decode(ReadOnlySpan<byte> oemBytes, Encoding? oem = null)
    {
        // 0x14 maps to '¶' (U+00B6) in CP850's high glyph table but to U+0014 in .NET's
        // CP850 decoder; either way it is a line break here.
        var text = (oem ?? OemCodePage.Default).GetString(oemBytes);
        return ToUnixLineBreaks(text);
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
