using System.Text;
using Messngr.Daemon.Hosting;
using Messngr.Daemon.Messages;
using Messngr.Daemon.Sinks;
using Messngr.Daemon.Store;
using Messngr.Daemon.Tests.Sinks;
using Messngr.Daemon.Tests.Users;
using Messngr.Daemon.Users;
using Microsoft.Extensions.Logging.Abstractions;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Hosting;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class MessageDispatcherTests
{
    private const UnixFileMode MesgY = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite;

    [Fact]
    public async Task The_log_line_shows_sender_and_recipient_without_escape_sequences()
    {
        var logger = new CapturingLogger();
        var dispatcher = new MessageDispatcher([], new MessageFeed(), new ListenerCounters(), DaemonLimits.Default, logger);
        dispatcher.Dispatch(new StoredMessage(1, TestMessages.Message("x", from: "EVIL\u001b]0;owned\u0007\u001b[2J\u202E", to: "HOSTB\u001b[31m\r\nforged")));
        await dispatcher.StopAsync();

        var line = Assert.Single(logger.Lines);
        Assert.StartsWith("message from EVIL to HOSTB forged via smb", line, StringComparison.Ordinal);
        Assert.DoesNotContain(line, c => char.IsControl(c) || c == '\u202E');
    }

    [Fact]
    public void Standard_output_shows_sender_and_recipient_without_escape_sequences()
    {
        var shown = ConsoleSink.Format(TestMessages.Message("x", from: "EVIL\u001b]0;owned\u0007\u202E\u200B", to: "HOSTB\u2028x"));

        Assert.StartsWith("Message from EVIL to HOSTB x on ", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(shown, c => c is '\u001b' or '\u0007' or '\u202E' or '\u200B' or '\u2028');
    }

    [Fact]
    public void Standard_output_says_verified_for_a_verified_native_sender_and_unverified_for_a_classic_one()
    {
        var native = new ReceivedMessage("carol", "HOSTB", "hi", MessageTransport.Native, new System.Net.IPEndPoint(System.Net.IPAddress.Parse("192.0.2.7"), 2426), TestMessages.At)
        {
            Sender = new SenderIdentity.Native("P56IOI7-MZJNU2Y-IQGDREY", "carol"),
        };

        Assert.Contains(", verified)", ConsoleSink.Format(native), StringComparison.Ordinal);
        Assert.Contains(", unverified)", ConsoleSink.Format(TestMessages.Message("x")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_terminal_nobody_reads_stalls_neither_intake_nor_the_other_terminals()
    {
        using var stalled = Pty.TryOpen();
        using var other = Pty.TryOpen();
        Assert.NotNull(stalled);
        Assert.NotNull(other);
        File.SetUnixFileMode(stalled.DevicePath, MesgY);
        File.SetUnixFileMode(other.DevicePath, MesgY);
        other.KeepSlaveOpen();
        using var state = new TempDirectory();
        using var store = new SqliteMessageStore(state.Path);
        var counters = new ListenerCounters();
        var users = new FixedUsers(new LoggedOnUser("alice", stalled.OwnerUid, stalled.Line), new LoggedOnUser("bob", other.OwnerUid, other.Line));
        var tty = new TtySink(users, new RecipientResolver("HOSTB", "LAB", _ => null, _ => false),
            TtySinkOptions.Default with { WriteTimeout = TimeSpan.FromMilliseconds(200) }, NullLogger.Instance, DaemonLimits.Default, counters);
        var dispatcher = new MessageDispatcher([tty], new MessageFeed(), counters, DaemonLimits.Default, NullLogger.Instance);
        var pipeline = new MessagePipeline(counters, store) { OnCommitted = dispatcher.Dispatch };
        var writer = Task.Run(pipeline.RunAsync);

        // 2,000 messages for alice, whose terminal is never read, and every 100th one also one for bob;
        // eight senders at once, as eight SMB sessions would.
        const int Count = 2000;
        var sent = Enumerable.Range(0, Count).SelectMany(i => i % 100 == 0
            ? new[] { TestMessages.Message($"alice {i} " + new string('x', 60), to: "alice"), TestMessages.Message($"bob {i}", to: "bob") }
            : [TestMessages.Message($"alice {i} " + new string('x', 60), to: "alice")]).ToList();
        var acknowledged = 0;
        await Parallel.ForEachAsync(sent, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (message, cancellationToken) =>
        {
            // Safety net only: before the fix intake stopped once the committed feed was full.
            if (await pipeline.PublishAsync(message).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken) is not null)
            {
                Interlocked.Increment(ref acknowledged);
            }
        });

        Assert.Equal(Count + Count / 100, acknowledged);
        Assert.Equal(Count + Count / 100, counters.Accepted);

        // Bob's terminal got every one of his messages although alice's is stuck.
        var bobSaw = new StringBuilder();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (CountOf(bobSaw.ToString(), "Message from") < Count / 100 && DateTime.UtcNow < deadline)
        {
            bobSaw.Append(Encoding.UTF8.GetString(other.ReadAvailable(TimeSpan.FromMilliseconds(200))));
            await Task.Delay(20);
        }

        Assert.Equal(Count / 100, CountOf(bobSaw.ToString(), "Message from"));

        pipeline.Complete();
        await writer.WaitAsync(TimeSpan.FromSeconds(60));
        await dispatcher.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));

        // Alice's copies that were not written are counted, not held.
        var dropped = counters.Snapshot()["droppedSink.tty"];
        Assert.InRange(dropped, 1, Count);
        Assert.Equal(0, counters.SinkDropped(MessagePipeline.DispatchSinkName));
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
