using System.Text;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Issue #14, item 3, through the whole daemon: while the recipient is quiet (<c>messngr dnd on</c>
/// over the control socket), a message that Samba's smbclient -M on HOSTC sends to HOSTA is stored
/// but not written to the recipient's terminal (a real pseudo-terminal found in a test-private
/// utmp, <see cref="LabUtmp"/>); <c>messngr dnd off</c> writes it there, below the
/// "messngr: 1 message held during quiet hours" line. A critical message sent natively (the
/// classic protocols carry no priority) is written at once during dnd and again with its reminder
/// line until it is read. The recipient is root (uid 0), the user the test runs <c>messngr dnd</c> as.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class TerminalQuietTests
{
    private const string User = "root";

    private readonly Lab _lab;

    public TerminalQuietTests(Lab lab) => _lab = lab;

    [Fact]
    public void A_message_that_arrives_during_dnd_is_written_to_the_terminal_when_dnd_ends()
    {
        using var terminal = LabPty.Open();
        terminal.GiveTo(User);
        terminal.Mesg(on: true);
        var run = Path.Combine(_lab.Directory, "hosta", $"run-{Guid.NewGuid():N}");
        LabUtmp.Write(run, (terminal.Line, User));
        var state = _lab.StateDirectory(_lab.HostA);
        using var serve = _lab.StartMessngrWithPrefix(_lab.HostA, LabUtmp.RunPrefix(run), [.. Lab.DefaultMessngrArguments, "--verbose"]);
        try
        {
            var on = _lab.MessngrCommand(_lab.HostA, "dnd", "on", "--state-dir", state);
            Assert.True(on.ExitCode == 0, on.Output + on.Error);

            var tag = Unique.Text("quiet");
            var sent = _lab.Smbclient(_lab.HostC, $"{tag} waits for the end of dnd", "-M", "HOSTA", "-I", _lab.HostA.Address, "-U", "alice", "-N");
            Assert.True(sent.ExitCode == 0, sent.Output + sent.Error);
            serve.WaitForMessage(Unique.Tag(tag));

            // Held: the daemon decided so for uid 0's terminals, and wrote nothing there.
            serve.WaitForLog("uid 0 is quiet: terminal messages held from seq");
            Assert.True(terminal.ReadUntil(_ => false, TimeSpan.FromMilliseconds(500)).Length == 0, $"{terminal.Line} received during dnd: {Encoding.UTF8.GetString(terminal.Received)}");

            var off = _lab.MessngrCommand(_lab.HostA, "dnd", "off", "--state-dir", state);
            Assert.True(off.ExitCode == 0, off.Output + off.Error);
            var tagBytes = Encoding.ASCII.GetBytes(Unique.Tag(tag));
            var text = Encoding.UTF8.GetString(terminal.ReadUntil(b => b.AsSpan().IndexOf(tagBytes) >= 0, TimeSpan.FromSeconds(30)));
            var report = $"{terminal.Line} received: {text}\n{serve.Describe()}";

            var header = text.IndexOf("messngr: 1 message held during quiet hours", StringComparison.Ordinal);
            Assert.True(header >= 0, report);
            Assert.True(text.IndexOf($"Message from alice to HOSTA on {_lab.HostC.Address}", StringComparison.Ordinal) > header, report);
            Assert.True(text.IndexOf(Unique.Tag(tag), StringComparison.Ordinal) > header, report);
        }
        finally
        {
            // The state directory is the lab's shared one: leave uid 0 not quiet.
            _lab.MessngrCommand(_lab.HostA, "dnd", "off", "--state-dir", state);
        }
    }

    [Fact]
    public void A_critical_native_message_during_dnd_is_written_at_once_and_again_until_it_is_read()
    {
        using var terminal = LabPty.Open();
        terminal.GiveTo(User);
        terminal.Mesg(on: true);
        var root = Path.Combine(_lab.Directory, "native-" + Guid.NewGuid().ToString("N")[..8]);
        var run = Path.Combine(root, "run");
        LabUtmp.Write(run, (terminal.Line, User));
        using var a = new NativeNode(_lab, _lab.HostA, "QUIETA", Path.Combine(root, "hosta"));
        using var c = new NativeNode(_lab, _lab.HostC, "QUIETC", Path.Combine(root, "hostc"));
        a.Start();
        c.Start(LabUtmp.RunPrefix(run), "--critical-repeat", "1s");
        a.Trust(c);
        c.Trust(a);
        Assert.True(c.Command("dnd", "on").ExitCode == 0);

        var normal = Unique.Text("normal waits");
        var critical = Unique.Text("critical now");
        Assert.True(a.Send(["--native"], c.Recipient, normal).ExitCode == 0, a.AllLogs);
        var sent = a.Send(["--native", "--json", "--priority", "critical"], c.Recipient, critical);
        Assert.True(sent.ExitCode == 0, sent.Error + sent.Output + a.AllLogs);

        // Critical: at once, and again (critical repeat 1s) with its reminder line while not read.
        var text = Encoding.UTF8.GetString(terminal.ReadUntil(b => b.AsSpan().IndexOf("(reminder 1: not yet read"u8) >= 0, TimeSpan.FromSeconds(60)));
        var report = $"{terminal.Line} received: {text}\n{c.AllLogs}";
        Assert.True(text.Contains(Unique.Tag(critical), StringComparison.Ordinal), report);
        Assert.True(text.Contains("(reminder 1: not yet read - messngr read ", StringComparison.Ordinal), report);
        Assert.False(text.Contains(Unique.Tag(normal), StringComparison.Ordinal), report);

        // Read it (as 'messngr read ID' does): then dnd off brings the normal one.
        var id = c.Json("history", "--json", "--limit", "20").EnumerateArray()
            .First(m => m.GetProperty("text").GetString()?.EndsWith(Unique.Tag(critical), StringComparison.Ordinal) == true).GetProperty("id").GetString()!;
        Assert.True(c.Command("read", id).ExitCode == 0);
        Assert.True(c.Command("dnd", "off").ExitCode == 0);
        var normalTag = Encoding.ASCII.GetBytes(Unique.Tag(normal));
        text = Encoding.UTF8.GetString(terminal.ReadUntil(b => b.AsSpan().IndexOf(normalTag) >= 0, TimeSpan.FromSeconds(60)));
        Assert.True(text.Contains("messngr: 1 message held during quiet hours", StringComparison.Ordinal), $"{text}\n{c.AllLogs}");
    }
}
