using System.Text;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Issue #14, item 3, through the whole daemon: while the recipient is quiet (<c>messngr dnd on</c>
/// over the control socket), a message that Samba's smbclient -M on HOSTC sends to HOSTA is stored
/// but not written to the recipient's terminal (a real pseudo-terminal found in a test-private
/// utmp, <see cref="LabUtmp"/>); <c>messngr dnd off</c> writes it there, below the
/// "messngr: 1 message held during quiet hours" line. The recipient is root (uid 0), the user the
/// test runs <c>messngr dnd</c> as.
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
}
