namespace Messngr.Wire.Tests.Text;

public class MessageTextTests
{
    [Theory]
    [InlineData("a\r\nb", "a\u0014b")]
    [InlineData("a\nb", "a\u0014b")]
    [InlineData("a\rb", "a\u0014b")]
    [InlineData("a\n\rb", "a\u0014b")]
    [InlineData("a\n\nb", "a\u0014\u0014b")]
    public void Line_breaks_become_0x14_for_windows(string text, string expected) =>
        Assert.Equal(expected, MessageText.ToWindowsLineBreaks(text));

    [Theory]
    [InlineData("a\u0014b", "a\nb")]
    [InlineData("a\r\nb", "a\nb")]
    [InlineData("a\rb", "a\nb")]
    [InlineData("a\n\rb", "a\nb")]
    public void Received_line_breaks_become_newlines(string text, string expected) =>
        Assert.Equal(expected, MessageText.ToUnixLineBreaks(text));

    [Fact]
    public void Cp850_accents_round_trip_as_samba_sends_them()
    {
        // Observed: smbclient sent "äöüß" as 84 94 81 e1 (protocols.md §8).
        var bytes = MessageText.Encode("äöüß");
        Assert.Equal(new byte[] { 0x84, 0x94, 0x81, 0xE1 }, bytes);
        Assert.Equal("äöüß", MessageText.Decode(bytes));
    }

    [Fact]
    public void Byte_0x14_on_the_wire_is_a_line_break_after_decoding()
    {
        Assert.Equal("one\ntwo", MessageText.Decode([(byte)'o', (byte)'n', (byte)'e', 0x14, (byte)'t', (byte)'w', (byte)'o']));
    }

    [Fact]
    public void Unrepresentable_character_is_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => MessageText.Encode("price 5€"));
        Assert.Contains("'€'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("850", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_code_pages_are_available()
    {
        Assert.Equal(866, OemCodePage.Get("CP866").CodePage);
        Assert.Equal(437, OemCodePage.Get("437").CodePage);
        Assert.Throws<ArgumentException>(() => OemCodePage.Get("CP99999"));
    }

    [Fact]
    public void Blocks_are_cut_at_128_bytes()
    {
        var blocks = MessageText.SplitBlocks(new byte[300]);
        Assert.Equal([128, 128, 44], blocks.Select(b => b.Length));
        Assert.Empty(MessageText.SplitBlocks(Array.Empty<byte>()));
    }
}

public class MessageTextMixedEncodingTests
{
    [Fact]
    public void Raw_utf8_blocks_from_smbclient_are_decoded_as_utf8()
    {
        // smbclient sends a block it cannot convert to CP850 as raw UTF-8 (protocols.md §8).
        byte[] mixed = [.. System.Text.Encoding.UTF8.GetBytes("Grüße "), .. MessageText.Encode("äöüß")];
        Assert.Equal("Grüße äöüß", MessageText.Decode(mixed));
    }

    [Fact]
    public void Pure_cp850_text_is_not_mistaken_for_utf8()
    {
        Assert.Equal("äöüß É ñ ┤", MessageText.Decode(MessageText.Encode("äöüß É ñ ┤")));
    }

    [Fact]
    public void Broken_utf8_falls_back_to_the_code_page_byte_by_byte()
    {
        Assert.Equal(OemCodePage.Default.GetString([0xC3, 0x41]), MessageText.Decode([0xC3, 0x41]));
        Assert.Equal(OemCodePage.Default.GetString([0xE0, 0x80, 0x80]), MessageText.Decode([0xE0, 0x80, 0x80])); // overlong
    }
}
