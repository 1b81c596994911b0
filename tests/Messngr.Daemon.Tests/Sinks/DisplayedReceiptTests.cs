using System.Text;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;
using Messngr.Daemon.Sinks;
using Messngr.Daemon.Tests.Control;
using Messngr.Daemon.Tests.Users;
using Messngr.Daemon.Users;
using Microsoft.Extensions.Logging.Abstractions;

namespace Messngr.Daemon.Tests.Sinks;

/// <summary>
/// Issue #13, item 6: the terminal sink reports <c>displayed</c> once per message once a terminal
/// took it, never for a duplicate, and a reporter that throws, hangs or is not there yet never
/// delays or stops the display; a sealed message reaches the terminal as an envelope only.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DisplayedReceiptTests
{
    private const UnixFileMode MesgY = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite;
    private const UnixFileMode MesgN = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static TtySink Terminals(TempDirectory dev, DisplayedReceipts displayed, params LoggedOnUser[] users) =>
        new(new FixedUsers(users), new RecipientResolver("HOSTB", "WORKGROUP", _ => null, _ => false), TtySinkOptions.Default with { DeviceRoot = dev.Path },
            NullLogger.Instance, (_, _) => null, displayed: displayed);

    private static string FakeTty(TempDirectory dev, string line, UnixFileMode mode = MesgY)
    {
        var path = Path.Combine(dev.Path, line);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    private static DisplayedReceipts Displayed(Func<IReceiptReporter?> reporter) => new(reporter, TimeProvider.System, NullLogger.Instance, 16);

    private static ReceivedMessage Stored(string text, long seq, bool sealedMessage = false) =>
        TestMessages.Message(text, to: "alice") with { Id = seq, Sealed = sealedMessage };

    [Fact]
    public async Task A_message_shown_on_two_terminals_is_reported_displayed_once()
    {
        using var dev = new TempDirectory();
        FakeTty(dev, "pts/1");
        FakeTty(dev, "pts/2");
        var reporter = new FakeReceiptReporter();
        var displayed = Displayed(() => reporter);
        await using var sink = Terminals(dev, displayed, new LoggedOnUser("alice", 1000, "pts/1"), new LoggedOnUser("alice", 1000, "pts/2"));
        var message = Stored("hi", 7);

        var results = await sink.ShowAsync(message, CancellationToken.None);
        await displayed.CompleteAsync();

        Assert.Equal([TtyWriteOutcome.Written, TtyWriteOutcome.Written], results.Select(r => r.Outcome));
        Assert.Equal([(7L, message.MessageId, ReceiptState.Displayed)], reporter.Calls);
    }

    [Fact]
    public async Task A_message_no_terminal_took_is_not_reported()
    {
        using var dev = new TempDirectory();
        FakeTty(dev, "pts/1", MesgN);
        var reporter = new FakeReceiptReporter();
        var displayed = Displayed(() => reporter);
        await using var sink = Terminals(dev, displayed, new LoggedOnUser("alice", 1000, "pts/1"));

        var results = await sink.ShowAsync(Stored("hi", 7), CancellationToken.None);
        await displayed.CompleteAsync();

        Assert.Equal([TtyWriteOutcome.MessagesOff], results.Select(r => r.Outcome));
        Assert.Empty(reporter.Calls);
    }

    [Fact]
    public async Task A_duplicate_is_never_reported()
    {
        var reporter = new FakeReceiptReporter();
        var displayed = Displayed(() => reporter);
        var message = Stored("again", 7);

        Assert.False(displayed.Offer(new StoredMessage(7, message, Duplicate: true)));
        Assert.False(DisplayedReceipts.Report(reporter, new StoredMessage(7, message, Duplicate: true), ReceiptState.Read, DateTimeOffset.UtcNow, NullLogger.Instance));
        Assert.True(displayed.Offer(new StoredMessage(7, message)));
        await displayed.CompleteAsync();

        Assert.Equal([(7L, message.MessageId, ReceiptState.Displayed)], reporter.Calls);
    }

    [Fact]
    public async Task A_throwing_reporter_does_not_stop_the_display()
    {
        using var dev = new TempDirectory();
        var tty = FakeTty(dev, "pts/1");
        var reporter = new FakeReceiptReporter { Failure = new InvalidOperationException("receipts broken") };
        var displayed = Displayed(() => reporter);
        await using var sink = Terminals(dev, displayed, new LoggedOnUser("alice", 1000, "pts/1"));

        var first = await sink.ShowAsync(Stored("first", 1), CancellationToken.None);
        await ControlServerFixture.WaitUntilAsync(() => reporter.Calls.Count == 1);
        var second = await sink.ShowAsync(Stored("second", 2), CancellationToken.None);
        await displayed.CompleteAsync();

        Assert.Equal(TtyWriteOutcome.Written, Assert.Single(first).Outcome);
        Assert.Equal(TtyWriteOutcome.Written, Assert.Single(second).Outcome);
        var text = Encoding.UTF8.GetString(File.ReadAllBytes(tty));
        Assert.Contains("  first\r\n", text, StringComparison.Ordinal);
        Assert.Contains("  second\r\n", text, StringComparison.Ordinal);
        Assert.Equal(2, reporter.Count(ReceiptState.Displayed));
    }

    [Fact]
    public async Task A_stuck_reporter_never_delays_the_display()
    {
        using var dev = new TempDirectory();
        var tty = FakeTty(dev, "pts/1");
        using var gate = new ManualResetEventSlim(false);
        var reporter = new FakeReceiptReporter { Gate = gate };
        var displayed = new DisplayedReceipts(() => reporter, TimeProvider.System, NullLogger.Instance, capacity: 2);
        await using var sink = Terminals(dev, displayed, new LoggedOnUser("alice", 1000, "pts/1"));

        // The reporter hangs in the first report; the queue holds two more; the rest are dropped, not waited for.
        try
        {
            for (var i = 1; i <= 6; i++)
            {
                // The wait is only a safety net: a display that waited for the reporter would never end.
                var shown = await sink.ShowAsync(Stored("message " + i, i), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
                Assert.Equal(TtyWriteOutcome.Written, Assert.Single(shown).Outcome);
            }
        }
        finally
        {
            gate.Set();
        }

        var text = Encoding.UTF8.GetString(File.ReadAllBytes(tty));
        Assert.Contains("  message 6\r\n", text, StringComparison.Ordinal);
        await displayed.CompleteAsync();
        Assert.InRange(reporter.Count(ReceiptState.Displayed), 1, 3);
    }

    [Fact]
    public async Task The_reporter_is_read_at_each_report_so_one_made_after_the_sink_is_used()
    {
        using var dev = new TempDirectory();
        FakeTty(dev, "pts/1");
        FakeReceiptReporter? reporter = null;
        var displayed = Displayed(() => reporter);
        await using var sink = Terminals(dev, displayed, new LoggedOnUser("alice", 1000, "pts/1"));

        Assert.Equal(TtyWriteOutcome.Written, Assert.Single(await sink.ShowAsync(Stored("before", 1), CancellationToken.None)).Outcome);
        reporter = new FakeReceiptReporter();
        Assert.Equal(TtyWriteOutcome.Written, Assert.Single(await sink.ShowAsync(Stored("after", 2), CancellationToken.None)).Outcome);
        await displayed.CompleteAsync();

        // The first one is reported only if the worker got to it after the reporter was there.
        Assert.Contains(2L, reporter.Calls.Select(c => c.Seq));
    }

    [Fact]
    public async Task A_sealed_message_reaches_the_terminal_as_an_envelope_and_counts_as_displayed()
    {
        using var dev = new TempDirectory();
        var tty = FakeTty(dev, "pts/1");
        var reporter = new FakeReceiptReporter();
        var displayed = Displayed(() => reporter);
        await using var sink = Terminals(dev, displayed, new LoggedOnUser("alice", 1000, "pts/1"));
        var message = Stored("the secret plan", 3, sealedMessage: true);

        Assert.Equal(TtyWriteOutcome.Written, Assert.Single(await sink.ShowAsync(message, CancellationToken.None)).Outcome);
        await displayed.CompleteAsync();

        var text = Encoding.UTF8.GetString(File.ReadAllBytes(tty));
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.EndsWith($"(smb, unverified):\r\n  sealed message: open it with 'messngr read {message.MessageId}'\r\n", text, StringComparison.Ordinal);
        Assert.Equal([(3L, message.MessageId, ReceiptState.Displayed)], reporter.Calls);
    }

    [Fact]
    public void The_daemons_console_shows_a_sealed_message_as_an_envelope_too()
    {
        var message = Stored("the secret plan", 3, sealedMessage: true);
        var text = ConsoleSink.Format(message);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.EndsWith($"\nsealed message: open it with 'messngr read {message.MessageId}'\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\nthe secret plan\n", ConsoleSink.Format(message with { Sealed = false }), StringComparison.Ordinal);
    }
}
