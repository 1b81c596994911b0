using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// An escape sequence in a message never reaches a terminal raw, through the whole daemon: Samba's
/// smbclient -M on HOSTC sends text full of terminal controls to messngr serve on HOSTA, which
/// finds the recipient's terminals in utmp and writes to them; the test reads what a real
/// pseudo-terminal received. The machine's utmp is never touched: the daemon reads a test-private
/// one (<see cref="LabUtmp"/>).
/// </summary>
[Collection(LabCollection.Name)]
public sealed class TerminalTests
{
    /// <summary>Has a passwd entry everywhere and a home (/nonexistent) that cannot hold the broadcast opt-out marker.</summary>
    private const string User = "nobody";

    private readonly Lab _lab;

    public TerminalTests(Lab lab) => _lab = lab;

    [Theory]
    // Samba's default dos charset CP850: ESC and BEL pass through unchanged (0x1B, 0x07 on the wire).
    [InlineData(null, null, "alpha \u001b]0;pwned\u0007 bravo \u001b[2J charlie \u001b[31m delta \u0007 echo")]
    // ISO-8859-1 on both ends is the only way a C1 control travels: U+009B is byte 0x9B on the wire
    // and U+009B again after decoding — the 8-bit CSI a VT220-style terminal obeys.
    [InlineData("28591", "ISO-8859-1", "alpha \u001b]0;pwned\u0007 bravo \u001b[2J charlie \u009b31m delta \u0007 echo")]
    public void Terminal_controls_in_an_smbclient_message_never_reach_a_logged_on_users_tty_raw(string? codePage, string? dosCharset, string body)
    {
        using var shown = LabPty.Open();
        shown.GiveTo(User);
        shown.Mesg(on: true);
        using var muted = LabPty.Open();
        muted.GiveTo(User);
        muted.Mesg(on: false);

        var run = Path.Combine(_lab.Directory, "hosta", $"run-{Guid.NewGuid():N}");
        LabUtmp.Write(run, (shown.Line, User), (muted.Line, User));
        string[] prefix = LabUtmp.RunPrefix(run);
        // --verbose: the per-terminal outcomes are debug messages.
        string[] args = [.. Lab.DefaultMessngrArguments, "--verbose", .. codePage is null ? [] : new[] { "--code-page", codePage }];
        using var serve = _lab.StartMessngrWithPrefix(_lab.HostA, prefix, args);

        var tag = Unique.Text("tty");
        string[] smbclient = ["-M", "HOSTA", "-I", _lab.HostA.Address, "-U", "alice", "-N", .. dosCharset is null ? [] : new[] { $"--option=dos charset={dosCharset}" }];
        var result = _lab.Smbclient(_lab.HostC, $"{tag} {body}", smbclient);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        serve.WaitForMessage(Unique.Tag(tag));

        // The controls really reached the daemon (smbclient passes them through): history keeps the text as received.
        var history = _lab.MessngrCommand(_lab.HostA, "history", "--json", "--limit", "20", "--state-dir", _lab.StateDirectory(_lab.HostA));
        Assert.True(history.ExitCode == 0, history.Output + history.Error);
        var received = JsonDocument.Parse(history.Output).RootElement.EnumerateArray()
            .Select(m => m.GetProperty("text").GetString() ?? string.Empty)
            .Single(t => t.Contains(Unique.Tag(tag), StringComparison.Ordinal));
        Assert.Equal($"{tag} {body}", received);

        var tagBytes = Encoding.ASCII.GetBytes(Unique.Tag(tag));
        var bytes = shown.ReadUntil(b => b.AsSpan().IndexOf(tagBytes) >= 0 && b.AsSpan().IndexOf("echo"u8) >= 0, TimeSpan.FromSeconds(10));
        var report = $"{shown.Line} received: {Convert.ToHexString(bytes)}\n{serve.Describe()}";
        var text = Encoding.UTF8.GetString(bytes);

        Assert.True(text.Contains($"Message from alice to HOSTA on {_lab.HostC.Address}", StringComparison.Ordinal), report);
        Assert.True(text.Contains(Unique.Tag(tag), StringComparison.Ordinal), report);

        // Raw bytes: no ESC, no BEL (the tty bell is off by default), no 8-bit CSI. The visible
        // text is ASCII, so no UTF-8 continuation byte 0x9B can legitimately appear either.
        Assert.True(bytes.AsSpan().IndexOfAny((byte)0x1B, (byte)0x07, (byte)0x9B) < 0, report);
        // And as characters: nothing in C0 but CR, LF and TAB, nothing in DEL/C1.
        Assert.True(text.All(c => c is '\r' or '\n' or '\t' || (c >= ' ' && c is < '\u007F' or > '\u009F')), report);

        // Every visible word around the sequences is shown, in order: sanitising removed the controls, not the message.
        Assert.Matches(new Regex("alpha +bravo +charlie +delta +echo", RegexOptions.None, TimeSpan.FromSeconds(1)), text);

        // mesg n: nothing arrives there, and not because the daemon missed it: it saw the terminal and left it alone.
        Assert.True(muted.ReadUntil(_ => false, TimeSpan.FromMilliseconds(500)).Length == 0, $"{muted.Line} (mesg n) received: {Convert.ToHexString(muted.Received)}");
        serve.WaitForLog($"tty {muted.Line} of {User}: MessagesOff");
        Assert.Contains($"tty {shown.Line} of {User}: Written", serve.Log, StringComparison.Ordinal);
    }
}
