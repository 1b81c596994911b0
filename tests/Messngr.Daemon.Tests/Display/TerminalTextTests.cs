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
    public void Escape_sequences_and_controls_never_reach_a_terminal(string input, string expected) =>
        Assert.Equal(expected, TerminalText.Sanitize(input));

    [Fact]
    public void Newlines_can_be_flattened_for_one_line_fields() =>
        Assert.Equal("ALICE EVIL", TerminalText.Sanitize("ALICE\nEVIL", keepNewlines: false));

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
