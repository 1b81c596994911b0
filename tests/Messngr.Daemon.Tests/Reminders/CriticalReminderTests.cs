using System.Text;
using Messngr.Daemon.Core;
using Messngr.Daemon.Options;
using Messngr.Daemon.Quiet;
using Messngr.Daemon.Sinks;
using Messngr.Daemon.Store;
using Messngr.Daemon.Tests.Sinks;
using Messngr.Daemon.Tests.Users;
using Messngr.Daemon.Users;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Messngr.Daemon.Tests.Reminders;

/// <summary>
/// Issue #14, item 3: a critical message "stays until acknowledged" at the terminal — written
/// again every <c>critical repeat</c> with a reminder mark until its read time is set in the store,
/// at most <see cref="DaemonLimits.CriticalRepeatMax"/> times, with bounded reminders however many
/// critical messages come. Regular files play the terminals, a fake clock the time.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CriticalReminderTests : IDisposable
{
    private const UnixFileMode MesgY = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite;
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(5);

    private readonly TempDirectory _dev = new();
    private readonly TempDirectory _state = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-07T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly SqliteMessageStore _store;

    public CriticalReminderTests()
    {
        _store = new SqliteMessageStore(_state.Path);
        foreach (var line in new[] { "pts/1", "pts/2" })
        {
            var path = Path.Combine(_dev.Path, line);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, []);
            File.SetUnixFileMode(path, MesgY);
        }
    }

    public void Dispose()
    {
        _store.Dispose();
        _dev.Dispose();
        _state.Dispose();
    }

    private string AliceTty => Path.Combine(_dev.Path, "pts", "1");

    private TtySink Sink(DaemonLimits? limits = null, TimeSpan? every = null) => new(
        new FixedUsers(new LoggedOnUser("alice", 1000, "pts/1"), new LoggedOnUser("bob", 1001, "pts/2")),
        new RecipientResolver("HOSTB", "WORKGROUP", _ => null, _ => false),
        TtySinkOptions.Default with { DeviceRoot = _dev.Path, CriticalRepeat = every ?? Every }, NullLogger.Instance, (_, _) => null, limits,
        quiet: new TtyQuiet(new QuietHours(new QuietSettingsStore(_state.Path), _time, TimeZoneInfo.Utc), () => _store));

    private async Task<StoredMessage> DeliverAsync(TtySink sink, string text, string to = "alice", bool sealedMessage = false)
    {
        var message = TestMessages.Message(text, to: to) with { Priority = Priority.Critical, Sealed = sealedMessage, ReceivedAt = _time.GetUtcNow() };
        var id = Assert.Single(_store.Commit([message])).Id;
        await sink.DeliverAsync(message with { Id = id }, CancellationToken.None);
        return new StoredMessage(id, message with { Id = id });
    }

    private string Shown => Encoding.UTF8.GetString(File.ReadAllBytes(AliceTty));

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what);
            await Task.Delay(10);
        }
    }

    private async Task NextIntervalAsync(string expected)
    {
        _time.Advance(Every);
        await WaitUntilAsync(() => Shown.Contains(expected, StringComparison.Ordinal), $"'{expected}' not written within 30 s:\n{Shown}");
    }

    [Fact]
    public async Task A_critical_message_not_yet_read_is_written_again_every_interval_until_it_is_read()
    {
        await using var sink = Sink();
        var critical = await DeliverAsync(sink, "the server room is on fire");
        await WaitUntilAsync(() => Shown.Contains("on fire", StringComparison.Ordinal), "not shown at once");
        Assert.Equal(1, sink.PendingReminders);

        await NextIntervalAsync($"(reminder 1: not yet read - messngr read {critical.Message.MessageId})");
        await NextIntervalAsync("(reminder 2: not yet read");
        Assert.Equal(3, Shown.Split("on fire").Length - 1);

        // 'messngr read ID' (or listen --ack, the web page, the agent) sets its read time: no more reminders.
        _store.RecordSeen(critical.Id, ReceiptState.Read, _time.GetUtcNow(), null);
        _time.Advance(Every);
        await WaitUntilAsync(() => sink.PendingReminders == 0, "the reminder of a read message was kept");
        Assert.DoesNotContain("reminder 3", Shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminders_end_after_the_repeat_max_and_a_sealed_one_repeats_only_its_envelope()
    {
        await using var sink = Sink(DaemonLimits.Default with { CriticalRepeatMax = 2 });
        var critical = await DeliverAsync(sink, "secret launch code", sealedMessage: true);
        await WaitUntilAsync(() => Shown.Contains("sealed message", StringComparison.Ordinal), "not shown at once");

        await NextIntervalAsync("(reminder 1:");
        await NextIntervalAsync("(reminder 2:");
        await WaitUntilAsync(() => sink.PendingReminders == 0, "reminders went on after the maximum");
        _time.Advance(Every);

        Assert.DoesNotContain("reminder 3", Shown, StringComparison.Ordinal);
        Assert.DoesNotContain("launch code", Shown, StringComparison.Ordinal);
        Assert.Equal(3, Shown.Split(TtyMessageFormatter.SealedLine(critical.Message.MessageId)).Length - 1);
    }

    [Fact]
    public async Task A_flood_of_critical_messages_keeps_a_bounded_number_of_reminders()
    {
        await using var sink = Sink(DaemonLimits.Default with { CriticalRemindersPerUser = 3, CriticalRemindersMax = 5 });
        for (var i = 0; i < 20; i++)
        {
            await DeliverAsync(sink, $"alice only {i}");
        }

        Assert.Equal(3, sink.PendingReminders);
        for (var i = 0; i < 20; i++)
        {
            await DeliverAsync(sink, $"everyone {i}", to: "HOSTB");
        }

        Assert.Equal(5, sink.PendingReminders);

        // The newest are kept: the next round reminds of the last broadcasts, not the first messages.
        _time.Advance(Every);
        await WaitUntilAsync(() => Shown.Contains("reminder 1", StringComparison.Ordinal) && Shown.Contains("everyone 19\r\n(reminder 1", StringComparison.Ordinal), "no reminder of the newest");
        Assert.DoesNotContain("alice only 0\r\n(reminder", Shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_restart_the_reminders_of_an_unread_critical_message_go_on_on_their_schedule()
    {
        StoredMessage critical;
        await using (var before = Sink())
        {
            critical = await DeliverAsync(before, "still burning");
            await WaitUntilAsync(() => Shown.Contains("still burning", StringComparison.Ordinal), "not shown at once");
        }

        // Down for 7 minutes: the first reminder fell due meanwhile (counted), the second is due at +10.
        _time.Advance(TimeSpan.FromMinutes(7));
        await using var after = Sink();
        await WaitUntilAsync(() => after.PendingReminders == 1, "the unread critical message was not taken up again");

        _time.Advance(TimeSpan.FromMinutes(3));
        await WaitUntilAsync(() => Shown.Contains($"(reminder 2: not yet read - messngr read {critical.Message.MessageId})", StringComparison.Ordinal), $"no reminder after the restart:\n{Shown}");
        Assert.DoesNotContain("(reminder 1:", Shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_critical_repeat_off_a_critical_message_is_written_once()
    {
        await using var sink = new TtySink(
            new FixedUsers(new LoggedOnUser("alice", 1000, "pts/1")), new RecipientResolver("HOSTB", "WORKGROUP", _ => null, _ => false),
            TtySinkOptions.Default with { DeviceRoot = _dev.Path }, NullLogger.Instance, (_, _) => null,
            quiet: new TtyQuiet(new QuietHours(new QuietSettingsStore(_state.Path), _time, TimeZoneInfo.Utc), () => _store));

        await DeliverAsync(sink, "once");

        Assert.Equal(0, sink.PendingReminders);
    }

    private static ServeOptions Load(Dictionary<string, string> flags) =>
        ServeOptionsLoader.Load(flags, new Dictionary<string, string>(), "/dev/null", isRoot: false);

    [Theory]
    [InlineData(null, 300)]
    [InlineData("30s", 30)]
    [InlineData("1h", 3600)]
    public void Critical_repeat_defaults_to_five_minutes_and_takes_a_duration(string? value, int seconds)
    {
        var options = Load(value is null ? new() : new() { ["critical-repeat"] = value });
        Assert.Equal(TimeSpan.FromSeconds(seconds), options.Tty.CriticalRepeat);
    }

    [Fact]
    public void Critical_repeat_off_turns_reminders_off_and_a_bad_value_is_refused_by_name()
    {
        Assert.Null(Load(new() { ["critical-repeat"] = "off" }).Tty.CriticalRepeat);
        var error = Assert.Throws<ArgumentException>(() => Load(new() { ["critical-repeat"] = "0" }));
        Assert.Contains("critical-repeat", error.Message, StringComparison.Ordinal);
    }
}
