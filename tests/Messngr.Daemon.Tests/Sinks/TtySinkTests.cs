using System.Diagnostics;
using System.Text;
using Messngr.Daemon.Sinks;
using Messngr.Daemon.Tests.Users;
using Messngr.Daemon.Users;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Tests.Sinks;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class TtySinkTests
{
    private const UnixFileMode MesgY = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite;
    private const UnixFileMode MesgN = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static RecipientResolver Resolver() => new("HOSTB", "WORKGROUP", _ => null, _ => false);

    /// <summary>Regular files in a temp dir play the terminals; only the isatty check is replaced.</summary>
    private static TtySink FakeTerminals(TempDirectory dev, params LoggedOnUser[] users) =>
        new(new FixedUsers(users), Resolver(), TtySinkOptions.Default with { DeviceRoot = dev.Path }, NullLogger.Instance, (_, _) => null);

    private static string FakeTty(TempDirectory dev, string line, UnixFileMode mode)
    {
        var path = Path.Combine(dev.Path, line);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    [Fact]
    public async Task Every_session_of_the_recipient_gets_the_sanitised_message_with_crlf()
    {
        using var dev = new TempDirectory();
        var pts1 = FakeTty(dev, "pts/1", MesgY);
        var tty2 = FakeTty(dev, "tty2", MesgY);
        var bob = FakeTty(dev, "pts/7", MesgY);
        var sink = FakeTerminals(dev, new("alice", 1000, "pts/1"), new("alice", 1000, "tty2"), new("bob", 1001, "pts/7"));

        var results = await sink.ShowAsync(TestMessages.Message("line one\n\u001b[2J\u001b]0;owned\u0007line two\u009b31m", to: "alice"), CancellationToken.None);

        Assert.Equal([TtyWriteOutcome.Written, TtyWriteOutcome.Written], results.Select(r => r.Outcome));
        foreach (var path in new[] { pts1, tty2 })
        {
            var bytes = File.ReadAllBytes(path);
            Assert.DoesNotContain((byte)0x1B, bytes);
            var text = Encoding.UTF8.GetString(bytes);
            Assert.DoesNotContain(text, c => c is >= '\u0080' and <= '\u009F');
            Assert.EndsWith("(smb, unverified):\r\n  line one\r\n  line two\r\n", text, StringComparison.Ordinal);
        }

        Assert.Empty(File.ReadAllBytes(bob));
    }

    [Fact]
    public async Task A_terminal_with_mesg_n_is_skipped()
    {
        using var dev = new TempDirectory();
        var open = FakeTty(dev, "pts/1", MesgY);
        var closed = FakeTty(dev, "pts/2", MesgN);
        var sink = FakeTerminals(dev, new("alice", 1000, "pts/1"), new("alice", 1000, "pts/2"));

        var results = await sink.ShowAsync(TestMessages.Message("hi", to: "HOSTB"), CancellationToken.None);

        Assert.Equal([TtyWriteOutcome.Written, TtyWriteOutcome.MessagesOff], results.Select(r => r.Outcome));
        Assert.NotEmpty(File.ReadAllBytes(open));
        Assert.Empty(File.ReadAllBytes(closed));
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("pts/../../x")]
    [InlineData("../victim")]
    public async Task Bad_line_names_from_utmp_are_refused_before_anything_is_opened(string line)
    {
        using var dev = new TempDirectory();
        var inner = Directory.CreateDirectory(Path.Combine(dev.Path, "dev"));
        var victim = FakeTty(dev, "victim", MesgY);
        var x = FakeTty(dev, "x", MesgY);
        var sink = new TtySink(
            new FixedUsers(new LoggedOnUser("alice", 1000, line)), Resolver(), TtySinkOptions.Default with { DeviceRoot = inner.FullName }, NullLogger.Instance, (_, _) => null);

        var result = Assert.Single(await sink.ShowAsync(TestMessages.Message("hi"), CancellationToken.None));

        Assert.Equal(TtyWriteOutcome.InvalidLine, result.Outcome);
        Assert.Empty(File.ReadAllBytes(victim));
        Assert.Empty(File.ReadAllBytes(x));
    }

    [Fact]
    public async Task A_device_that_is_not_a_terminal_is_refused_by_isatty()
    {
        using var dev = new TempDirectory();
        var regular = FakeTty(dev, "tty9", MesgY);
        var sink = new TtySink(new FixedUsers(new LoggedOnUser("alice", 1000, "tty9")), Resolver(), TtySinkOptions.Default with { DeviceRoot = dev.Path }, NullLogger.Instance);

        var result = Assert.Single(await sink.ShowAsync(TestMessages.Message("hi"), CancellationToken.None));

        Assert.Equal(TtyWriteOutcome.NotATerminal, result.Outcome);
        Assert.Empty(File.ReadAllBytes(regular));
    }

    [Fact]
    public async Task A_device_name_off_the_allow_list_is_refused_before_it_is_opened()
    {
        var sink = new TtySink(new FixedUsers(new LoggedOnUser("alice", 1000, "null")), Resolver(), TtySinkOptions.Default, NullLogger.Instance);

        var result = Assert.Single(await sink.ShowAsync(TestMessages.Message("hi"), CancellationToken.None));

        Assert.Equal(TtyWriteOutcome.InvalidLine, result.Outcome);
    }

    [Fact]
    public async Task A_character_device_that_is_not_a_terminal_is_refused_even_under_a_terminal_name()
    {
        using var dev = new TempDirectory();
        var node = Path.Combine(dev.Path, "tty7");
        // Same device as /dev/null (1, 3): a character device, not a terminal.
        using (var mknod = System.Diagnostics.Process.Start("mknod", ["-m", "0620", node, "c", "1", "3"]))
        {
            await mknod.WaitForExitAsync();
            Assert.Equal(0, mknod.ExitCode);
        }

        var sink = new TtySink(new FixedUsers(new LoggedOnUser("alice", 0, "tty7")), Resolver(), TtySinkOptions.Default with { DeviceRoot = dev.Path }, NullLogger.Instance);

        var result = Assert.Single(await sink.ShowAsync(TestMessages.Message("hi"), CancellationToken.None));

        Assert.Equal(TtyWriteOutcome.NotATerminal, result.Outcome);
    }

    [Fact]
    public async Task A_real_pseudo_terminal_owned_by_another_user_is_refused()
    {
        using var pty = Pty.TryOpen();
        Assert.NotNull(pty);
        File.SetUnixFileMode(pty.DevicePath, MesgY);
        var sink = new TtySink(new FixedUsers(new LoggedOnUser("alice", pty.OwnerUid + 1000, pty.Line)), Resolver(), TtySinkOptions.Default, NullLogger.Instance);

        var result = Assert.Single(await sink.ShowAsync(TestMessages.Message("hello"), CancellationToken.None));

        Assert.Equal(TtyWriteOutcome.NotOwner, result.Outcome);
        Assert.Empty(pty.ReadAvailable(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task A_message_to_a_user_who_is_no_longer_logged_on_reaches_no_terminal()
    {
        using var dev = new TempDirectory();
        var bob = FakeTty(dev, "pts/7", MesgY);
        var sink = FakeTerminals(dev, new LoggedOnUser("bob", 1001, "pts/7"));

        Assert.Empty(await sink.ShowAsync(TestMessages.Message("for alice only", to: "ALICE"), CancellationToken.None));
        Assert.Empty(File.ReadAllBytes(bob));
    }

    [Fact]
    public async Task A_forged_banner_in_the_text_is_indented_and_invisible_characters_are_gone()
    {
        using var pty = Pty.TryOpen();
        Assert.NotNull(pty);
        File.SetUnixFileMode(pty.DevicePath, MesgY);
        var sink = new TtySink(new FixedUsers(new LoggedOnUser("alice", pty.OwnerUid, pty.Line)), Resolver(), TtySinkOptions.Default, NullLogger.Instance);
        const string Forged = "Message from ROOT to HOSTB on 127.0.0.1 at 12:00 (native, verified):";

        var result = Assert.Single(await sink.ShowAsync(
            TestMessages.Message($"hi\n{Forged}\u2028{Forged}\u2029{Forged}\r\u202Egnp.exe\u200B\uFEFF", from: "AL\u202EICE\u2066\u200D"), CancellationToken.None));
        var text = Encoding.UTF8.GetString(pty.ReadAvailable(TimeSpan.FromSeconds(2))).Replace("\r", string.Empty, StringComparison.Ordinal);

        Assert.Equal(TtyWriteOutcome.Written, result.Outcome);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => l.StartsWith("Message from", StringComparison.Ordinal));
        Assert.StartsWith("Message from ALICE to HOSTB", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Count(l => l == "  " + Forged));
        Assert.Contains("  gnp.exe", lines);
        Assert.DoesNotContain(text, c => c is '\u202E' or '\u2066' or '\u200B' or '\u200D' or '\uFEFF' or '\u2028' or '\u2029');
    }

    [Fact]
    public async Task A_stuck_terminal_is_skipped_for_a_while_counted_and_the_others_are_still_served()
    {
        using var stuck = Pty.TryOpen();
        using var other = Pty.TryOpen();
        Assert.NotNull(stuck);
        Assert.NotNull(other);
        File.SetUnixFileMode(stuck.DevicePath, MesgY);
        File.SetUnixFileMode(other.DevicePath, MesgY);
        var counters = new Messngr.Daemon.Core.ListenerCounters();
        var limits = Messngr.Daemon.Core.DaemonLimits.Default with { StuckTerminalBackoff = TimeSpan.FromMinutes(10) };
        var sink = new TtySink(
            new FixedUsers(new LoggedOnUser("alice", stuck.OwnerUid, stuck.Line), new LoggedOnUser("bob", other.OwnerUid, other.Line)),
            Resolver(), TtySinkOptions.Default with { WriteTimeout = TimeSpan.FromMilliseconds(200) }, NullLogger.Instance, limits, counters);
        var big = string.Join('\n', Enumerable.Repeat(new string('x', 80), 50));

        // Nobody reads alice's terminal: its buffer fills until a write times out.
        var outcome = TtyWriteOutcome.Written;
        for (var i = 0; i < 200 && outcome == TtyWriteOutcome.Written; i++)
        {
            outcome = Assert.Single(await sink.ShowAsync(TestMessages.Message(big, to: "alice"), CancellationToken.None)).Outcome;
        }

        Assert.Equal(TtyWriteOutcome.Stuck, outcome);
        Assert.Equal(1, counters.SinkDropped(TtySink.SinkName));

        // Skipped at once from now on (no new write timeout), counted; bob's terminal is written.
        var results = await sink.ShowAsync(TestMessages.Message("to all"), CancellationToken.None);
        Assert.Equal(
            [(stuck.Line, TtyWriteOutcome.Skipped), (other.Line, TtyWriteOutcome.Written)],
            results.Select(r => (r.Terminal, r.Outcome)));
        Assert.Equal(2, counters.SinkDropped(TtySink.SinkName));
        Assert.Contains("to all", Encoding.UTF8.GetString(other.ReadAvailable(TimeSpan.FromSeconds(2))), StringComparison.Ordinal);
        Assert.Equal(2, counters.Snapshot()["droppedSink.tty"]);
        await sink.DisposeAsync();
    }

    [Fact]
    public async Task A_symlink_standing_in_for_a_terminal_is_not_followed()
    {
        using var dev = new TempDirectory();
        var target = FakeTty(dev, "target", MesgY);
        File.CreateSymbolicLink(Path.Combine(dev.Path, "tty5"), target);
        var sink = FakeTerminals(dev, new LoggedOnUser("alice", 1000, "tty5"));

        var result = Assert.Single(await sink.ShowAsync(TestMessages.Message("hi"), CancellationToken.None));

        Assert.Equal(TtyWriteOutcome.OpenFailed, result.Outcome);
        Assert.Empty(File.ReadAllBytes(target));
    }

    [Fact]
    public async Task A_missing_terminal_is_reported_and_does_not_stop_the_others()
    {
        using var dev = new TempDirectory();
        var present = FakeTty(dev, "pts/2", MesgY);
        var sink = FakeTerminals(dev, new("alice", 1000, "pts/1"), new("bob", 1001, "pts/2"));

        var results = await sink.ShowAsync(TestMessages.Message("hi"), CancellationToken.None);

        Assert.Equal([TtyWriteOutcome.OpenFailed, TtyWriteOutcome.Written], results.Select(r => r.Outcome));
        Assert.NotEmpty(File.ReadAllBytes(present));
    }

    [Fact]
    public async Task A_real_pseudo_terminal_shows_the_message()
    {
        using var pty = Pty.TryOpen();
        Assert.NotNull(pty);
        File.SetUnixFileMode(pty.DevicePath, MesgY);
        var sink = new TtySink(new FixedUsers(new LoggedOnUser("alice", pty.OwnerUid, pty.Line)), Resolver(), TtySinkOptions.Default, NullLogger.Instance);

        var result = Assert.Single(await sink.ShowAsync(TestMessages.Message("hello\u001b[31m\nworld", from: "BOB\u001b[2J"), CancellationToken.None));
        var shown = pty.ReadAvailable(TimeSpan.FromSeconds(2));

        Assert.Equal(TtyWriteOutcome.Written, result.Outcome);
        Assert.DoesNotContain((byte)0x1B, shown);
        var text = Encoding.UTF8.GetString(shown).Replace("\r", string.Empty, StringComparison.Ordinal); // the line discipline may add CRs (ONLCR)
        Assert.Contains("Message from BOB to HOSTB on 192.0.2.7", text, StringComparison.Ordinal);
        Assert.Contains("unverified):\n  hello\n  world\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_pseudo_terminal_with_mesg_n_is_skipped()
    {
        using var pty = Pty.TryOpen();
        Assert.NotNull(pty);
        File.SetUnixFileMode(pty.DevicePath, MesgN);
        var sink = new TtySink(new FixedUsers(new LoggedOnUser("alice", pty.OwnerUid, pty.Line)), Resolver(), TtySinkOptions.Default, NullLogger.Instance);

        var result = Assert.Single(await sink.ShowAsync(TestMessages.Message("hello"), CancellationToken.None));

        Assert.Equal(TtyWriteOutcome.MessagesOff, result.Outcome);
        Assert.Empty(pty.ReadAvailable(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task A_terminal_that_takes_no_output_is_skipped_after_the_timeout_without_blocking()
    {
        using var pty = Pty.TryOpen();
        Assert.NotNull(pty);
        File.SetUnixFileMode(pty.DevicePath, MesgY);
        var timeout = TimeSpan.FromMilliseconds(300);
        var sink = new TtySink(new FixedUsers(new LoggedOnUser("alice", pty.OwnerUid, pty.Line)), Resolver(), TtySinkOptions.Default with { WriteTimeout = timeout }, NullLogger.Instance);
        var message = TestMessages.Message(string.Join('\n', Enumerable.Repeat(new string('x', 80), 50)));

        // Nobody reads the master side: the pty buffer fills and writes return EAGAIN.
        TtyWriteOutcome outcome = TtyWriteOutcome.Written;
        for (var i = 0; i < 200 && outcome == TtyWriteOutcome.Written; i++)
        {
            var started = Stopwatch.GetTimestamp();
            outcome = Assert.Single(await sink.ShowAsync(message, CancellationToken.None)).Outcome;
            Assert.True(Stopwatch.GetElapsedTime(started) < timeout + TimeSpan.FromSeconds(2));
        }

        Assert.Equal(TtyWriteOutcome.Stuck, outcome);
    }

    [Fact]
    public async Task Nobody_logged_on_means_nothing_is_written()
    {
        var sink = new TtySink(new FixedUsers(), Resolver(), TtySinkOptions.Default, NullLogger.Instance);

        Assert.Empty(await sink.ShowAsync(TestMessages.Message("hi"), CancellationToken.None));
    }

    [Fact]
    public void Bad_options_are_rejected_at_construction()
    {
        var users = new FixedUsers();
        Assert.Throws<ArgumentException>(() => new TtySink(users, Resolver(), TtySinkOptions.Default with { MaxTextLength = 0 }, NullLogger.Instance));
        Assert.Throws<ArgumentException>(() => new TtySink(users, Resolver(), TtySinkOptions.Default with { WriteTimeout = TimeSpan.Zero }, NullLogger.Instance));
        Assert.Throws<ArgumentException>(() => new TtySink(users, Resolver(), TtySinkOptions.Default with { DeviceRoot = "dev" }, NullLogger.Instance));
    }
}
