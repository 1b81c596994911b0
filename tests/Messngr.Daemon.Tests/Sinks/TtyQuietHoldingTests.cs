using System.Text;
using Messngr.Daemon.Core;
using Messngr.Daemon.Quiet;
using Messngr.Daemon.Sinks;
using Messngr.Daemon.Store;
using Messngr.Daemon.Tests.Users;
using Messngr.Daemon.Users;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Messngr.Daemon.Tests.Sinks;

/// <summary>
/// Issue #14, item 3, at the terminal: while the user whose terminal a message reaches is quiet, a
/// message that is not critical waits (stored, a "tty" mark kept) and a critical one is written at
/// once; when quiet ends the held ones are written in arrival order after a header line. Regular
/// files play the terminals (the fake-device constructor of <see cref="TtySink"/>), a fake clock
/// plays the time, the real SQLite store holds the messages.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TtyQuietHoldingTests : IDisposable
{
    private const uint Alice = 1000;
    private const uint Bob = 1001;
    private const UnixFileMode MesgY = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite;

    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-07T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private readonly TempDirectory _dev = new();
    private readonly TempDirectory _state = new();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly SqliteMessageStore _store;
    private QuietHours _quiet;

    public TtyQuietHoldingTests()
    {
        _store = new SqliteMessageStore(_state.Path);
        _quiet = NewQuietHours();
    }

    public void Dispose()
    {
        _store.Dispose();
        _dev.Dispose();
        _state.Dispose();
    }

    private string AliceTty => Path.Combine(_dev.Path, "pts", "1");

    private string BobTty => Path.Combine(_dev.Path, "pts", "2");

    private QuietHours NewQuietHours() => new(new QuietSettingsStore(_state.Path), _time, TimeZoneInfo.Utc);

    private TtySink Sink(DaemonLimits? limits = null, DisplayedReceipts? displayed = null)
    {
        foreach (var path in new[] { AliceTty, BobTty })
        {
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, []);
                File.SetUnixFileMode(path, MesgY);
            }
        }

        return new TtySink(
            new FixedUsers(new LoggedOnUser("alice", Alice, "pts/1"), new LoggedOnUser("bob", Bob, "pts/2")),
            new RecipientResolver("HOSTB", "WORKGROUP", _ => null, _ => false),
            TtySinkOptions.Default with { DeviceRoot = _dev.Path }, NullLogger.Instance, (_, _) => null, limits, displayed: displayed, quiet: new TtyQuiet(_quiet, () => _store));
    }

    /// <summary>Commits the message to the store, as the pipeline does, then hands it to the sink.</summary>
    private async Task<long> DeliverAsync(TtySink sink, string text, string to = "alice", Priority priority = Priority.Normal)
    {
        var message = TestMessages.Message(text, to: to) with { Priority = priority };
        var id = Assert.Single(_store.Commit([message])).Id;
        await sink.DeliverAsync(message with { Id = id }, CancellationToken.None);
        return id;
    }

    private static string Read(string path) => Encoding.UTF8.GetString(File.ReadAllBytes(path));

    private static async Task WaitForAsync(string path, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Read(path).Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"'{text}' was not written within 30 s; the terminal shows:\n{Read(path)}");
            await Task.Delay(10);
        }
    }

    private static int Count(string haystack, string needle) => haystack.Split(needle).Length - 1;

    [Fact]
    public async Task A_quiet_users_terminal_holds_normal_messages_shows_critical_at_once_and_the_held_ones_in_order_when_dnd_ends()
    {
        _quiet.Store.Set(Alice, new QuietSettings(true, null, null));
        await using var sink = Sink();

        var first = await DeliverAsync(sink, "message one");
        await DeliverAsync(sink, "message two");
        await DeliverAsync(sink, "critical three", priority: Priority.Critical);

        // The critical one is written at once; the terminal's queue is in order, so nothing was before it.
        await WaitForAsync(AliceTty, "critical three");
        Assert.DoesNotContain("message one", Read(AliceTty), StringComparison.Ordinal);
        Assert.Equal(first, _quiet.Held.HeldFrom(Alice, TtyQuietHolding.DisplayName));
        Assert.Equal(3, _store.History(10).Count); // history shows them all

        _quiet.Store.Set(Alice, QuietSettings.None);

        await WaitForAsync(AliceTty, "message two");
        var shown = Read(AliceTty);
        var header = shown.IndexOf("\r\nmessngr: 2 messages held during quiet hours\r\n", StringComparison.Ordinal);
        Assert.True(header > shown.IndexOf("critical three", StringComparison.Ordinal), shown);
        Assert.True(shown.IndexOf("message one", StringComparison.Ordinal) > header, shown);
        Assert.True(shown.IndexOf("message two", StringComparison.Ordinal) > shown.IndexOf("message one", StringComparison.Ordinal), shown);
        await ControlWait(() => _quiet.Held.HeldFrom(Alice, TtyQuietHolding.DisplayName) is null);

        // Quiet is over: a new one is written at once, the released ones are not written again.
        await DeliverAsync(sink, "message four");
        await WaitForAsync(AliceTty, "message four");
        Assert.Equal(1, Count(Read(AliceTty), "message one"));
        Assert.Equal(1, Count(Read(AliceTty), "messngr: 2 messages held"));
    }

    [Fact]
    public async Task The_end_of_the_quiet_hours_window_releases_the_held_messages_by_the_clock()
    {
        _quiet.Store.Set(Alice, new QuietSettings(false, null, new QuietWindow(new TimeOnly(9, 0), new TimeOnly(12, 0))));
        await using var sink = Sink();

        await DeliverAsync(sink, "while quiet");
        await ControlWait(() => _quiet.Held.HeldFrom(Alice, TtyQuietHolding.DisplayName) is not null);
        Assert.Empty(Read(AliceTty));

        // Nobody changes a setting: only the clock reaches 12:00.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Read(AliceTty).Contains("while quiet", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "not released within 30 s");
            if (_time.GetUtcNow() < Now.AddHours(3))
            {
                _time.Advance(TimeSpan.FromMinutes(1));
            }

            await Task.Delay(10);
        }

        Assert.Contains("messngr: 1 message held during quiet hours", Read(AliceTty), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_users_quiet_never_holds_nor_releases_my_terminal()
    {
        _quiet.Store.Set(Alice, new QuietSettings(true, null, null));
        _quiet.Store.Set(Bob, new QuietSettings(true, null, null));
        await using var sink = Sink();

        // To everyone (the computer name): each user's terminal decides for itself.
        await DeliverAsync(sink, "to everyone", to: "HOSTB");
        _quiet.Store.Set(Bob, QuietSettings.None);
        await WaitForAsync(BobTty, "to everyone");
        await DeliverAsync(sink, "to bob", to: "bob");
        await WaitForAsync(BobTty, "to bob");

        // Bob's dnd off released Bob's, not Alice's: she is still quiet and holds it.
        Assert.Empty(Read(AliceTty));
        Assert.NotNull(_quiet.Held.HeldFrom(Alice, TtyQuietHolding.DisplayName));
        Assert.Null(_quiet.Held.HeldFrom(Bob, TtyQuietHolding.DisplayName));

        _quiet.Store.Set(Alice, QuietSettings.None);
        await WaitForAsync(AliceTty, "to everyone");
        Assert.DoesNotContain("to bob", Read(AliceTty), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restart_after_quiet_ended_writes_what_was_held_before_it()
    {
        _quiet.Store.Set(Alice, new QuietSettings(true, null, null));
        await using (var before = Sink())
        {
            await DeliverAsync(before, "held before the restart");
            await ControlWait(() => _quiet.Held.HeldFrom(Alice, TtyQuietHolding.DisplayName) is not null);
        }

        // Stopped while quiet; dnd is turned off in the file (the daemon is down), then it starts again.
        new QuietSettingsStore(_state.Path).Set(Alice, QuietSettings.None);
        _quiet = NewQuietHours();
        await using var after = Sink();

        await WaitForAsync(AliceTty, "held before the restart");
        Assert.Contains("messngr: 1 message held during quiet hours", Read(AliceTty), StringComparison.Ordinal);
        await ControlWait(() => _quiet.Held.HeldFrom(Alice, TtyQuietHolding.DisplayName) is null);
    }

    [Fact]
    public async Task A_flood_while_quiet_keeps_one_mark_and_a_release_writes_at_most_the_newest_release_max()
    {
        _quiet.Store.Set(Alice, new QuietSettings(true, null, null));
        await using var sink = Sink(DaemonLimits.Default with { QuietReleaseMax = 5 });
        var marks = _quiet.Held.PathOf(Alice);

        var first = await DeliverAsync(sink, "flood 0");
        var written = File.GetLastWriteTimeUtc(marks);
        for (var i = 1; i < 40; i++)
        {
            await DeliverAsync(sink, $"flood {i}");
        }

        // One mark, written once: the flood is only in the store.
        Assert.Equal(first, _quiet.Held.HeldFrom(Alice, TtyQuietHolding.DisplayName));
        Assert.Equal(written, File.GetLastWriteTimeUtc(marks));

        _quiet.Store.Set(Alice, QuietSettings.None);
        await WaitForAsync(AliceTty, "flood 39");
        var shown = Read(AliceTty);
        Assert.Contains("messngr: 5 messages held during quiet hours", shown, StringComparison.Ordinal);
        Assert.Equal(5, Count(shown, "Message from"));
        Assert.Contains("flood 35", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("flood 34", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_to_a_name_of_no_logged_on_user_is_not_held_and_reaches_no_terminal()
    {
        _quiet.Store.Set(Alice, new QuietSettings(true, null, null));
        await using var sink = Sink();

        await DeliverAsync(sink, "to nobody", to: "NOSUCHUSER");
        await DeliverAsync(sink, "critical", priority: Priority.Critical);
        await WaitForAsync(AliceTty, "critical");

        Assert.Null(_quiet.Held.HeldFrom(Alice, TtyQuietHolding.DisplayName));
        Assert.DoesNotContain("to nobody", Read(AliceTty), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stuck_terminal_taking_a_release_delays_no_other_users_terminal()
    {
        using var stuck = Pty.TryOpen();
        using var other = Pty.TryOpen();
        Assert.NotNull(stuck);
        Assert.NotNull(other);
        File.SetUnixFileMode(stuck.DevicePath, MesgY);
        File.SetUnixFileMode(other.DevicePath, MesgY);
        _quiet.Store.Set(Alice, new QuietSettings(true, null, null));
        // A long write timeout: the release to Alice's terminal, which nobody reads, waits on it.
        await using var sink = new TtySink(
            new FixedUsers(new LoggedOnUser("alice", Alice, stuck.Line), new LoggedOnUser("bob", Bob, other.Line)),
            new RecipientResolver("HOSTB", "WORKGROUP", _ => null, _ => false),
            TtySinkOptions.Default with { WriteTimeout = TimeSpan.FromSeconds(60) }, NullLogger.Instance, (_, _) => null, quiet: new TtyQuiet(_quiet, () => _store));
        var big = string.Join('\n', Enumerable.Repeat(new string('x', 70), 50));
        for (var i = 0; i < 100; i++)
        {
            await DeliverAsync(sink, big);
        }

        _quiet.Store.Set(Alice, QuietSettings.None);
        // The release starts with its header (one read: the rest stays unread and fills the buffer).
        var start = new StringBuilder();
        await ControlWait(() => start.Append(Encoding.UTF8.GetString(stuck.ReadOnce(256))).ToString().Contains("messngr: 100 messages held", StringComparison.Ordinal));

        // Alice's release is under way (her terminal's buffer is full); Bob's message is written meanwhile.
        await DeliverAsync(sink, "to bob meanwhile", to: "bob");
        var seen = new StringBuilder();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!seen.ToString().Contains("to bob meanwhile", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "Bob's message waited for Alice's terminal");
            seen.Append(Encoding.UTF8.GetString(other.ReadAvailable(TimeSpan.FromMilliseconds(50))));
        }

        Assert.NotNull(_quiet.Held.HeldFrom(Alice, TtyQuietHolding.DisplayName)); // still releasing to the stuck one
    }

    [Fact]
    public async Task A_release_stopped_half_way_moves_the_mark_past_what_was_written_so_the_next_sink_writes_only_the_rest()
    {
        using var pty = Pty.TryOpen();
        Assert.NotNull(pty);
        File.SetUnixFileMode(pty.DevicePath, MesgY);
        _quiet.Store.Set(Alice, new QuietSettings(true, null, null));
        TtySink PtySink() => new(
            new FixedUsers(new LoggedOnUser("alice", Alice, pty.Line)), new RecipientResolver("HOSTB", "WORKGROUP", _ => null, _ => false),
            TtySinkOptions.Default with { WriteTimeout = TimeSpan.FromSeconds(60) }, NullLogger.Instance, (_, _) => null, quiet: new TtyQuiet(_quiet, () => _store));
        var big = string.Join('\n', Enumerable.Repeat(new string('x', 70), 50));
        long first;
        await using (var before = PtySink())
        {
            first = await DeliverAsync(before, big + "\nEND0.");
            for (var i = 1; i < 100; i++)
            {
                await DeliverAsync(before, big + $"\nEND{i}.");
            }

            _quiet.Store.Set(Alice, QuietSettings.None);
            var start = new StringBuilder();
            await ControlWait(() => start.Append(Encoding.UTF8.GetString(pty.ReadOnce(256))).ToString().Contains("messngr: 100 messages held", StringComparison.Ordinal));
            // The second message's end on the terminal: the first one's write has surely returned, so
            // the stop below finds something written (the header alone is no progress).
            await ControlWait(() => start.Append(Encoding.UTF8.GetString(pty.ReadOnce(256))).ToString().Contains("END1.", StringComparison.Ordinal));
        } // stopped (a reload or a shutdown) while the terminal, which nobody reads, holds up the release

        var mark = _quiet.Held.HeldFrom(Alice, TtyQuietHolding.DisplayName);
        Assert.NotNull(mark);
        Assert.True(mark > first, $"mark {mark} did not move past the first written {first}");

        await using var after = PtySink();
        var rest = first + 100 - mark.Value;
        var expected = $"messngr: {rest} message{(rest == 1 ? string.Empty : "s")} held during quiet hours";
        var seen = new StringBuilder();
        await ControlWait(() => seen.Append(Encoding.UTF8.GetString(pty.ReadOnce(65536))).ToString().Contains(expected, StringComparison.Ordinal));

        // Read on (the terminal takes output now) until the release is done and the mark is gone.
        await ControlWait(() => seen.Append(Encoding.UTF8.GetString(pty.ReadOnce(65536))) is not null && _quiet.Held.HeldFrom(Alice, TtyQuietHolding.DisplayName) is null);
    }

    [Fact]
    public async Task A_held_message_is_reported_displayed_only_once_it_is_written_after_quiet()
    {
        _quiet.Store.Set(Alice, new QuietSettings(true, null, null));
        var reporter = new Control.FakeReceiptReporter();
        var displayed = new DisplayedReceipts(() => reporter, TimeProvider.System, NullLogger.Instance, capacity: 16);
        await using var sink = Sink(displayed: displayed);

        var held = await DeliverAsync(sink, "held");
        var critical = await DeliverAsync(sink, "critical", priority: Priority.Critical);
        await ControlWait(() => reporter.Count(ReceiptState.Displayed) == 1);
        Assert.Equal(critical, Assert.Single(reporter.Calls).Seq); // the critical one was shown, the held one not

        _quiet.Store.Set(Alice, QuietSettings.None);
        await WaitForAsync(AliceTty, "held");
        await ControlWait(() => reporter.Count(ReceiptState.Displayed) == 2);
        Assert.Equal([critical, held], reporter.Calls.Select(c => c.Seq));
        await displayed.CompleteAsync();
    }

    private static async Task ControlWait(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 30 s");
            await Task.Delay(10);
        }
    }
}
