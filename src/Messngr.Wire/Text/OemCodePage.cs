using System.Text;

namespace Messngr.Wire;

/// <summary>
/// The OEM code page that every classic Messenger string travels in (protocols.md §8: no
/// code-page field exists on the wire, so sender and receiver agree out of band).
/// Default CP850, Samba's <c>dos charset</c> default.
/// </summary>
public static class OemCodePage
{
    /// <summary>Samba's <c>dos charset</c> default (testparm -s -v on Debian 12).</summary>
    public const int DefaultCodePage = 850;

    /// <summary>
    /// Single-byte code pages of the provider whose bytes 0x00–0x7F are ASCII (tests check each
    /// against the provider): those are served by <see cref="AsciiCompatibleCodePage"/>.
    /// </summary>
    public static readonly IReadOnlySet<int> AsciiCompatible = new HashSet<int>
    {
        437, 737, 775, 850, 852, 855, 857, 858, 860, 861, 862, 863, 865, 866, 869,
        874, 1250, 1251, 1252, 1253, 1254, 1255, 1256, 1257, 1258,
    };

    private static readonly Lazy<bool> ProviderRegistered = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    });

    /// <summary>CP850 with replacement fallbacks (decoding never fails).</summary>
    public static Encoding Default { get; } = Get(DefaultCodePage);

    /// <summary>
    /// Returns the code page with a '?' replacement on encode and U+FFFD on decode. Throws
    /// <see cref="ArgumentException"/> naming the value when the code page is unknown. An
    /// ASCII-compatible code page (<see cref="AsciiCompatible"/>) answers ASCII without loading
    /// the provider's tables (<see cref="AsciiCompatibleCodePage"/>).
    /// </summary>
    public static Encoding Get(int codePage)
    {
        var encoderFallback = new EncoderReplacementFallback("?");
        var decoderFallback = new DecoderReplacementFallback("\uFFFD");
        return AsciiCompatible.Contains(codePage)
            ? new AsciiCompatibleCodePage(codePage, encoderFallback, decoderFallback, () => FromProvider(codePage, encoderFallback, decoderFallback))
            : FromProvider(codePage, encoderFallback, decoderFallback);
    }

    /// <summary>The base library's encoding for <paramref name="codePage"/>, never the ASCII shortcut.</summary>
    public static Encoding FromProvider(int codePage, EncoderFallback encoderFallback, DecoderFallback decoderFallback)
    {
        _ = ProviderRegistered.Value;
        try
        {
            return Encoding.GetEncoding(codePage, encoderFallback, decoderFallback);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"code page {codePage} is not supported (try 437, 850, 852, 866 or 1252)", nameof(codePage), ex);
        }
    }

    /// <summary>Looks a code page up by number or by name such as "CP850" or "IBM850".</summary>
    public static Encoding Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.Trim();
        var digits = trimmed.StartsWith("CP", StringComparison.OrdinalIgnoreCase) ? trimmed[2..] : trimmed;
        if (int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return Get(number);
        }

        _ = ProviderRegistered.Value;
        try
        {
            return Get(Encoding.GetEncoding(trimmed).CodePage);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"code page '{name}' is not known (try CP850)", nameof(name), ex);
        }
    }

    /// <summary>
    /// Encodes <paramref name="text"/>; throws <see cref="ArgumentException"/> that names the
    /// first character the code page cannot represent (issue: "say which"), never substitutes.
    /// </summary>
    public static byte[] EncodeStrict(string text, Encoding oem, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(oem);
        if (oem is AsciiCompatibleCodePage && Ascii.IsValid(text))
        {
            return Encoding.ASCII.GetBytes(text); // every ASCII character is in an ASCII-compatible code page
        }

        var strict = FromProvider(oem.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        try
        {
            return strict.GetBytes(text);
        }
        catch (EncoderFallbackException ex)
        {
            var ch = ex.CharUnknown != '\0' ? ex.CharUnknown.ToString() : char.ConvertFromUtf32(char.ConvertToUtf32(ex.CharUnknownHigh, ex.CharUnknownLow));
            var code = char.ConvertToUtf32(ch, 0);
            throw new ArgumentException($"{what}: the character '{ch}' (U+{code:X4}) at position {ex.Index} cannot be written in code page {oem.CodePage}", nameof(text), ex);
        }
    }

    /// <summary>Finds the first character the code page cannot represent, or null.</summary>
    public static string? FindUnrepresentable(string text, Encoding oem)
    {
        try
        {
            EncodeStrict(text, oem, "text");
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }
}
