using Messngr.Daemon.Display;

namespace Messngr.Daemon.Tests.Display;

public class TerminalTextTests
{
    [Theory]
    [InlineData("\u001b[31mred\u001b[0m", "red")]
    [InlineData("\u001b]0;owned title\u0007after", "after")]
    [InlineData("\u001b]52;c;ZWNobyBoaQ==\u001b\\x", "x")] // OSC 52 clipboard write, ST-terminated
    [InlineData("\u009b2Jcleared", "cleared")] // 8-bit CSI
    [InlineData("bell\u0007 back\bspace\rcr", "bell backspacecr")]
    [InlineData("\u001bc reset", " reset")]
    [InlineData("a\u202Eevil", "aevil")] // right-to-left override
    [InlineData("line1\nline2\ttab", "line1\nline2\ttab")]
    [InlineData("trailing escape \u001b", "trailing escape ")]
    [InlineData("\u001b[", "")]
    [InlineData("a\u2066b\u2067c\u2068d\u2069e", "abcde")] // bidi isolates
    [InlineData("a\u202Ab\u202Bc\u202Cd\u202De\u200Ef\u200Fg\u061Ch", "abcdefgh")] // embeddings, marks
    [InlineData("zero\u200Bwidth\u200C\u200D\u2060joiners\uFEFF", "zerowidthjoiners")]
    [InlineData("line\u2028separator\u2029paragraph", "line\nseparator\nparagraph")]
    public void Escape_sequences_and_controls_never_reach_a_terminal(string input, string expected) =>
        Assert.Equal(expected, TerminalText.Sanitize(input));

    [Fact]
    public void Newlines_can_be_flattened_for_one_line_fields() =>
        Assert.Equal("ALICE EVIL", TerminalText.Sanitize("ALICE\nEVIL", keepNewlines: false));

    [Theory]
    [InlineData("ALICE\u2028Message from ROOT", "ALICE Message from ROOT")]
    [InlineData("  \u200B\u001b[2J ", "?")]
    [InlineData("AL\u202EICE\u200D", "ALICE")]
    public void A_name_is_one_clean_line(string input, string expected) =>
        Assert.Equal(expected, TerminalText.SingleLine(input));

    [Fact]
    public void A_long_name_is_cut_without_splitting_a_surrogate_pair() =>
        Assert.Equal(new string('a', 63), TerminalText.SingleLine(new string('a', 63) + "\U0001F600"));

    [Fact]
    public void No_control_character_survives_random_input()
    {
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var chars = new char[random.Next(40)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = (char)random.Next(0, 0x300);
            }

            var clean = TerminalText.Sanitize(new string(chars));
            Assert.DoesNotContain(clean, c => char.IsControl(c) && c is not '\n' and not '\t');
        }
    }
}
