using System.Text;

namespace Messngr.Wire.Tests.Text;

/// <summary>
/// <see cref="AsciiCompatibleCodePage"/>: the ASCII shortcut in front of the base library's code
/// pages must give exactly what the base library gives, and must not load it for ASCII.
/// </summary>
public sealed class AsciiCompatibleCodePageTests
{
    private static readonly EncoderFallback Question = new EncoderReplacementFallback("?");
    private static readonly DecoderFallback Replacement = new DecoderReplacementFallback("\uFFFD");

    public static TheoryData<int> CodePages() => [.. OemCodePage.AsciiCompatible];

    private static Encoding Provider(int codePage) => OemCodePage.FromProvider(codePage, Question, Replacement);

    [Theory]
    [MemberData(nameof(CodePages))]
    public void Every_listed_code_page_maps_0x00_to_0x7F_to_ASCII_both_ways(int codePage)
    {
        var provider = Provider(codePage);
        var bytes = Enumerable.Range(0, 128).Select(b => (byte)b).ToArray();
        var chars = new string([.. Enumerable.Range(0, 128).Select(c => (char)c)]);
        Assert.Equal(chars, provider.GetString(bytes));
        Assert.Equal(bytes, provider.GetBytes(chars));
    }

    [Theory]
    [InlineData(850, "Hello, world 0-9 ~ \r\n\u0014")]
    [InlineData(850, "Grüße, señor Ölmüller: ½ ░ é")]
    [InlineData(850, "euro € and 漢 are not in 850")]
    [InlineData(866, "Привет, мир")]
    [InlineData(1252, "naïve café €")]
    [InlineData(437, "")]
    public void Text_encodes_and_bytes_decode_exactly_as_the_provider_does(int codePage, string text)
    {
        var provider = Provider(codePage);
        var shortcut = OemCodePage.Get(codePage);
        Assert.IsType<AsciiCompatibleCodePage>(shortcut);
        var bytes = provider.GetBytes(text);
        Assert.Equal(bytes, shortcut.GetBytes(text));
        Assert.Equal(provider.GetByteCount(text), shortcut.GetByteCount(text));
        Assert.Equal(provider.GetString(bytes), shortcut.GetString(bytes));
        Assert.Equal(provider.GetCharCount(bytes), shortcut.GetCharCount(bytes));
        var high = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        Assert.Equal(provider.GetString(high), shortcut.GetString(high));
        Assert.True(shortcut.GetMaxByteCount(text.Length) >= bytes.Length);
        Assert.True(shortcut.GetMaxCharCount(bytes.Length) >= text.Length);
        Assert.Equal(provider.CodePage, shortcut.CodePage);
        Assert.Equal(provider.WebName, shortcut.WebName);
    }

    [Fact]
    public void ASCII_never_loads_the_provider_and_anything_else_does()
    {
        var loads = 0;
        var shortcut = new AsciiCompatibleCodePage(850, Question, Replacement, () =>
        {
            loads++;
            return Provider(850);
        });
        Assert.Equal("HOSTB"u8.ToArray(), shortcut.GetBytes("HOSTB"));
        Assert.Equal("hello", shortcut.GetString("hello"u8.ToArray()));
        var buffer = new byte[8];
        Assert.Equal(2, shortcut.GetBytes("ok".AsSpan(), buffer));
        Assert.Equal(0, loads);
        Assert.Equal([0x81], shortcut.GetBytes("ü"));
        Assert.Equal(1, loads);
    }

    [Fact]
    public void A_destination_too_small_is_refused_not_overrun()
    {
        var shortcut = OemCodePage.Get(850);
        Assert.Throws<ArgumentException>(() => shortcut.GetBytes("hello".AsSpan(), new byte[3]));
        Assert.Throws<ArgumentException>(() => shortcut.GetChars("hello"u8, new char[3]));
    }

    [Fact]
    public void Strict_encoding_of_ASCII_takes_the_shortcut_and_still_names_an_unrepresentable_character()
    {
        var cp850 = OemCodePage.Get(850);
        Assert.Equal("plain text"u8.ToArray(), OemCodePage.EncodeStrict("plain text", cp850, "text"));
        Assert.Equal([0x94], OemCodePage.EncodeStrict("ö", cp850, "text"));
        var error = Assert.Throws<ArgumentException>(() => OemCodePage.EncodeStrict("a€b", cp850, "text"));
        Assert.Contains("'€' (U+20AC) at position 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_code_page_outside_the_list_comes_from_the_provider_and_an_unknown_one_is_named()
    {
        Assert.IsNotType<AsciiCompatibleCodePage>(OemCodePage.Get(37)); // EBCDIC: 'A' is 0xC1
        Assert.Equal([0xC1], OemCodePage.Get(37).GetBytes("A"));
        Assert.Contains("code page 9999 is not supported", Assert.Throws<ArgumentException>(() => OemCodePage.Get(9999)).Message, StringComparison.Ordinal);
    }
}
