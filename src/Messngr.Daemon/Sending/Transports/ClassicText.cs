using System.Text;
using Messngr.Wire;

namespace Messngr.Daemon.Sending.Transports;

/// <summary>
/// Message text and names as the classic paths carry them: OEM bytes, never Unicode
/// (protocols.md §8), with line breaks as <see cref="TransportSettings.WindowsLineBreaks"/> says.
/// A character the code page cannot hold is an error naming it; nothing is replaced.
/// </summary>
internal static class ClassicText
{
    /// <summary>
    /// Encodes <paramref name="text"/>: '\n' (and CR, CRLF) become CR LF — smbclient's convention,
    /// which smbd turns back into LF (protocols.md §6.4, §6.7) — or 0x14 when
    /// <paramref name="windowsLineBreaks"/> ([MS-MSRP] note &lt;4&gt;). Throws
    /// <see cref="TransportFailure"/> (<see cref="SendOutcome.Invalid"/>) naming the first
    /// unrepresentable character and its position in the caller's text.
    /// </summary>
    public static byte[] EncodeText(string text, Encoding oem, bool windowsLineBreaks)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Checked on the caller's text first, so the position in the error is the caller's.
        Check(text, oem, "message text");
        var converted = windowsLineBreaks ? MessageText.ToWindowsLineBreaks(text) : ToCrLf(text);
        return OemCodePage.EncodeStrict(converted, oem, "message text");
    }

    /// <summary>Encodes a name (sender or recipient) in the OEM code page; <see cref="SendOutcome.Invalid"/> names a bad character.</summary>
    public static byte[] EncodeName(string name, Encoding oem, string what)
    {
        ArgumentNullException.ThrowIfNull(name);
        Check(name, oem, what);
        var bytes = OemCodePage.EncodeStrict(name, oem, what);
        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            throw new TransportFailure(SendOutcome.Invalid, $"{what} '{name}' contains a NUL character");
        }

        return bytes;
    }

    /// <summary>Turns CR, LF and CRLF into CR LF (LFCR is two breaks, as on a Unix terminal).</summary>
    public static string ToCrLf(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                sb.Append("\r\n");
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
            }
            else if (c == '\n')
            {
                sb.Append("\r\n");
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static void Check(string value, Encoding oem, string what)
    {
        try
        {
            OemCodePage.EncodeStrict(value, oem, what);
        }
        catch (ArgumentException ex)
        {
            // OemCodePage names the character, its code point, position and the code page.
            throw new TransportFailure(SendOutcome.Invalid, ex.Message.Split(" (Parameter", 2)[0]);
        }
    }
}
