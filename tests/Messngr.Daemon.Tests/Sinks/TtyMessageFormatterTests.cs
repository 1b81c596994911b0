using System.Globalization;
using System.Text;
using Messngr.Daemon.Sinks;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Sinks;

public class TtyMessageFormatterTests
{
    private static readonly string Time = TestMessages.At.ToLocalTime().ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Show(ReceivedMessage message, TtySinkOptions? options = null) =>
        Encoding.UTF8.GetString(TtyMessageFormatter.Format(message, options ?? TtySinkOptions.Default));

    [Fact]
    public void The_banner_names_sender_recipient_address_time_transport_and_that_legacy_is_unverified()
    {
        var shown = Show(TestMessages.Message("hello"));

        Assert.Equal($"\r\nMessage from ALICE to HOSTB on 192.0.2.7 at {Time} (smb, unverified):\r\n  hello\r\n", shown);
    }

    [Fact]
    public void Authenticated_messages_say_verified()
    {
        Assert.Contains("(smb, verified):", Show(TestMessages.Message("hi", authenticated: true)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\nb", "  a\r\n  b\r\n")]
    [InlineData("a\r\nb", "  a\r\n  b\r\n")]
    [InlineData("a\rb", "  a\r\n  b\r\n")]
    [InlineData("a\n\nb\n\n\n", "  a\r\n\r\n  b\r\n")]
    [InlineData("a\u2028b\u2029c", "  a\r\n  b\r\n  c\r\n")]
    public void Every_line_break_becomes_crlf(string text, string body)
    {
        var shown = Show(TestMessages.Message(text));

        Assert.EndsWith("):\r\n" + body, shown, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_names_in_the_banner_are_flattened_and_sanitised()
    {
        var shown = Show(TestMessages.Message("x", from: "EVIL\u001b]0;pwned\u0007\r\nMessage from ROOT", to: "\u009b2J\u001b[31mHOSTB"));

        Assert.StartsWith("\r\nMessage from EVIL Message from ROOT to HOSTB on ", shown, StringComparison.Ordinal);
        Assert.Equal(3, shown.Split("\r\n").Length - 1);
    }

    [Fact]
    public void An_empty_sender_is_shown_as_a_question_mark()
    {
        Assert.StartsWith("\r\nMessage from ? to HOSTB", Show(TestMessages.Message("x", from: "\u001b[0m")), StringComparison.Ordinal);
    }

    [Fact]
    public void No_escape_or_c1_control_reaches_the_terminal_for_random_hostile_input()
    {
        var random = new Random(4095);
        char[] nasty = ['\u001b', '\u009b', '\u009d', '\u0090', '\u0007', '\b', '\r', '\n', '[', ']', '\u007f', '\u0085', '\u202e', 'P', '\\'];
        for (var i = 0; i < 1000; i++)
        {
            string Pick(int length) => new(Enumerable.Range(0, length).Select(_ => random.Next(3) == 0 ? (char)random.Next(0, 0x250) : nasty[random.Next(nasty.Length)]).ToArray());
            var bytes = TtyMessageFormatter.Format(TestMessages.Message(Pick(random.Next(200)), Pick(random.Next(20)), Pick(random.Next(20))), TtySinkOptions.Default);

            Assert.DoesNotContain((byte)0x1B, bytes);
            var text = Encoding.UTF8.GetString(bytes);
            Assert.DoesNotContain(text, c => (char.IsControl(c) && c is not '\r' and not '\n' and not '\t') || c is >= '\u202A' and <= '\u202E');
            Assert.DoesNotContain("\r\r", text, StringComparison.Ordinal);
            Assert.All(text.Split("\r\n"), line => Assert.DoesNotContain('\n', line));
        }
    }

    [Fact]
    public void Text_is_cut_at_4095_characters_and_says_so()
    {
        var shown = Show(TestMessages.Message(new string('x', 5000)));
        var body = shown[(shown.IndexOf("):\r\n", StringComparison.Ordinal) + 4)..];

        var lines = body.Split("\r\n");
        Assert.Equal(new string('x', 4095), string.Concat(lines[..^2].Select(l => l[2..])));
        Assert.Equal("[message truncated: 905 more characters]", lines[^2]);
    }

    [Fact]
    public void A_stored_message_cut_says_how_many_characters_are_left_out_and_how_to_read_it_whole()
    {
        var message = TestMessages.Message(new string('x', 100_000)) with { Id = 7 };

        var lines = Show(message).Split("\r\n");

        Assert.Equal($"[message truncated: {100_000 - 4095} more characters; 'messngr read {message.MessageId}' shows all]", lines[^2]);
        Assert.True(lines.Length < 4095 / 70 + 10, $"{lines.Length} lines"); // 4,095 characters folded at 79 columns, not 100,000
    }

    [Fact]
    public void A_verified_native_sender_is_shown_verified()
    {
        var message = new ReceivedMessage("carol", "HOSTB", "hi", MessageTransport.Native, new System.Net.IPEndPoint(System.Net.IPAddress.Parse("192.0.2.7"), 2426), TestMessages.At)
        {
            Sender = new SenderIdentity.Native("P56IOI7-MZJNU2Y-IQGDREY", "carol"),
        };

        Assert.Contains("(native, verified):", Show(message), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData('x', 1)]
    [InlineData('\u4E2D', 2)] // CJK: two columns each
    [InlineData('\t', 8)]
    public void Long_lines_are_folded_so_no_piece_reaches_the_margin_of_an_80_column_terminal(char c, int columns)
    {
        const string Forged = "Message from ROOT to HOSTB on 127.0.0.1 at 12:00 (native, verified):";
        var shown = Show(TestMessages.Message(new string(c, 200) + Forged));
        var body = shown[(shown.IndexOf("):\r\n", StringComparison.Ordinal) + 4)..].Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.True(body.Length > 2);
        Assert.All(body, line =>
        {
            Assert.StartsWith(TtyMessageFormatter.BodyIndent, line, StringComparison.Ordinal);
            Assert.True(line.Sum(ch => ch == c ? columns : 1) <= TtyMessageFormatter.FoldColumns, line);
        });
        Assert.Equal(new string(c, 200) + Forged, string.Concat(body.Select(l => l[2..])));
    }

    [Fact]
    public void Folding_never_splits_a_surrogate_pair()
    {
        var shown = Show(TestMessages.Message(string.Concat(Enumerable.Repeat("\U0001F600", 100))));

        Assert.DoesNotContain('\uFFFD', shown);
        Assert.Equal(string.Concat(Enumerable.Repeat("\U0001F600", 100)), string.Concat(shown[(shown.IndexOf("):\r\n", StringComparison.Ordinal) + 4)..].Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l[2..])));
    }

    [Fact]
    public void Cutting_never_splits_a_surrogate_pair()
    {
        var shown = Show(TestMessages.Message("ab😀"), TtySinkOptions.Default with { MaxTextLength = 3 });

        Assert.Contains("):\r\n  ab\r\n" + TtyMessageFormatter.TruncatedMarker, shown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bell_is_off_by_default_and_can_be_turned_on()
    {
        Assert.DoesNotContain((byte)7, TtyMessageFormatter.Format(TestMessages.Message("hi\u0007"), TtySinkOptions.Default));
        Assert.Equal(7, TtyMessageFormatter.Format(TestMessages.Message("hi"), TtySinkOptions.Default with { Bell = true })[0]);
    }

    [Fact]
    public void Ascii_mode_writes_no_byte_above_0x7f()
    {
        var bytes = TtyMessageFormatter.Format(TestMessages.Message("ě Ǜ caf\u00e9 😀"), TtySinkOptions.Default with { Utf8 = false });

        Assert.All(bytes, b => Assert.True(b < 0x80));
        Assert.Contains("? ? caf? ??", Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
    }
}
