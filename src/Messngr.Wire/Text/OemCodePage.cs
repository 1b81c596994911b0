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

    /// <summary>CP850 with replacement fallbacks (decoding never fails).</summary>
    public static Encoding Default { get; } = RegisterAndGet(DefaultCodePage);

    // Field initialisers run before a static constructor body, so the provider is registered here.
    private static Encoding RegisterAndGet(int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Get(codePage);
    }

    /// <summary>
    /// Returns the code page with a '?' replacement on encode and U+FFFD on decode. Throws
    /// <see cref="ArgumentException"/> naming the value when the code page is unknown.
    /// </summary>
    public static Encoding Get(int codePage)
    {
        _ = Default;
        try
        {
            return Encoding.GetEncoding(codePage, new EncoderReplacementFallback("?"), new DecoderReplacementFallback("\uFFFD"));
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
        var strict = Encoding.GetEncoding(oem.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
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
