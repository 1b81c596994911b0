using Messngr.Cli;
using Messngr.Cli.Commands;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// Issue #13, item 6, the receiver's user side through the control socket: sealed messages are
/// envelopes in history and listen (text and JSON), <c>messngr read</c> opens a message by id or
/// seq and reports it read, a listen client handed a message reports it displayed, and
/// <c>listen --ack</c> acknowledges each message it printed (a sealed one excepted).
/// </summary>
public sealed class ReadCommandTests
{
    private const string Secret = "the secret plan";

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    private static StoredMessage Sealed(long seq, string to = "HOSTB") =>
        FakeDaemonControl.Message(seq, "alice", to, Secret) is var m ? m with { Message = m.Message with { Sealed = true } } : throw new InvalidOperationException();

    [Fact]
    public async Task History_shows_a_sealed_message_as_an_envelope_and_its_json_text_is_null()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var message = Sealed(4);
        f.Daemon.AddHistory(message);

        Assert.Equal(0, await HistoryCommand.RunAsync(f.StateDirArgs(), f.Context(out var text, out _), Timeout()));
        Assert.Equal(0, await HistoryCommand.RunAsync(f.StateDirArgs("--json"), f.Context(out var json, out _), Timeout()));

        Assert.DoesNotContain("secret", text.ToString(), StringComparison.Ordinal);
        Assert.EndsWith($"(unverified)\nsealed message: open it with 'messngr read {message.Message.MessageId}'\n", text.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", json.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"text\": null,", json.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Read_by_id_or_seq_prints_the_text_of_a_sealed_message_and_reports_it_read(bool bySeq)
    {
        await using var f = await ControlServerFixture.StartAsync();
        var reporter = new FakeReceiptReporter();
        f.Daemon.Receipts = reporter;
        f.Daemon.AddHistory(FakeDaemonControl.Message(3, "bob", "HOSTB", "other"));
        var message = Sealed(4);
        f.Daemon.AddHistory(message);
        var key = bySeq ? "4" : message.Message.MessageId.ToString();

        Assert.Equal(0, await ReadCommand.RunAsync(f.StateDirArgs(key), f.Context(out var output, out var error), Timeout()));
        Assert.Equal(0, await ReadCommand.RunAsync(f.StateDirArgs(key, "--json"), f.Context(out var json, out _), Timeout()));

        Assert.StartsWith("From alice to HOSTB at ", output.ToString(), StringComparison.Ordinal);
        Assert.EndsWith($"(unverified)\n{Secret}\n", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, error.ToString());
        Assert.Contains($"\"text\": \"{Secret}\"", json.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"seq\": 4,", json.ToString(), StringComparison.Ordinal);
        Assert.Equal([(4L, message.Message.MessageId, ReceiptState.Read), (4L, message.Message.MessageId, ReceiptState.Read)], reporter.Calls);
    }

    [Fact]
    public async Task Read_of_a_message_that_is_not_there_exits_65_and_reports_nothing()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var reporter = new FakeReceiptReporter();
        f.Daemon.Receipts = reporter;
        f.Daemon.AddHistory(FakeDaemonControl.Message(3, "bob", "HOSTB", "other"));

        Assert.Equal(65, await ReadCommand.RunAsync(f.StateDirArgs("9", "--json"), f.Context(out var output, out var error), Timeout()));
        Assert.Equal(65, await ReadCommand.RunAsync(f.StateDirArgs(MessageId.New().ToString()), f.Context(out _, out _), Timeout()));

        Assert.Contains("no message 9 among yours", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"exitCode\":65", output.ToString().Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Empty(reporter.Calls);
    }

    [Fact]
    public async Task Read_of_an_id_two_sender_nodes_used_asks_for_the_seq()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var reporter = new FakeReceiptReporter();
        f.Daemon.Receipts = reporter;
        var first = FakeDaemonControl.Message(3, "alice", "HOSTB", "from node one");
        f.Daemon.AddHistory(first);
        f.Daemon.AddHistory(FakeDaemonControl.Message(8, "alice", "HOSTB", "from node two") with { Message = first.Message with { Text = "from node two" } });

        Assert.Equal(65, await ReadCommand.RunAsync(f.StateDirArgs(first.Message.MessageId.ToString()), f.Context(out _, out var error), Timeout()));
        Assert.Equal(0, await ReadCommand.RunAsync(f.StateDirArgs("8"), f.Context(out var output, out _), Timeout()));

        Assert.Contains("read it by its seq instead (8, 3)", error.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("\nfrom node two\n", output.ToString(), StringComparison.Ordinal);
        Assert.Equal([8L], reporter.Calls.Select(c => c.Seq));
    }

    [Theory]
    [InlineData]
    [InlineData("not-an-id")]
    [InlineData("0")]
    [InlineData("4", "5")]
    public async Task Read_needs_exactly_one_id_or_seq(params string[] args)
    {
        await using var f = await ControlServerFixture.StartAsync();
        await Assert.ThrowsAsync<UsageException>(() => ReadCommand.RunAsync(f.StateDirArgs(args), f.Context(out _, out _), Timeout()));
        Assert.DoesNotContain(f.Daemon.Calls, c => c.Call == "history");
    }

    [Fact]
    public async Task A_reporter_that_throws_does_not_keep_the_message_from_its_reader()
    {
        await using var f = await ControlServerFixture.StartAsync();
        f.Daemon.Receipts = new FakeReceiptReporter { Failure = new InvalidOperationException("receipts broken") };
        f.Daemon.AddHistory(Sealed(4));

        Assert.Equal(0, await ReadCommand.RunAsync(f.StateDirArgs("4"), f.Context(out var output, out _), Timeout()));
        Assert.EndsWith($"\n{Secret}\n", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listen_shows_a_sealed_message_as_an_envelope_and_reports_each_message_handed_to_it_displayed()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var reporter = new FakeReceiptReporter();
        f.Daemon.Receipts = reporter;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var output = new LockedWriter();
        var run = ListenCommand.RunAsync(f.StateDirArgs(), f.Context(out _, out _) with { Out = output }, stop.Token);
        await ControlServerFixture.WaitUntilAsync(() => f.Daemon.Subscribers == 1);

        var plain = FakeDaemonControl.Message(5, "bob", "HOSTB", "plain");
        var sealedMessage = Sealed(6);
        f.Daemon.Publish(plain);
        f.Daemon.Publish(sealedMessage);
        await ControlServerFixture.WaitUntilAsync(() => output.Text.Contains("sealed message", StringComparison.Ordinal) && reporter.Calls.Count == 2);
        await stop.CancelAsync();

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain("secret", output.Text, StringComparison.Ordinal);
        Assert.EndsWith($"\nsealed message: open it with 'messngr read {sealedMessage.Message.MessageId}'\n", output.Text, StringComparison.Ordinal);
        Assert.Equal([(5L, ReceiptState.Displayed), (6L, ReceiptState.Displayed)], reporter.Calls.Select(c => (c.Seq, c.State)));
    }

    [Fact]
    public async Task Listen_reports_no_duplicate_and_listens_on_without_a_reporter()
    {
        await using var f = await ControlServerFixture.StartAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var output = new LockedWriter();
        var run = ListenCommand.RunAsync(f.StateDirArgs(), f.Context(out _, out _) with { Out = output }, stop.Token);
        await ControlServerFixture.WaitUntilAsync(() => f.Daemon.Subscribers == 1);

        f.Daemon.Publish(FakeDaemonControl.Message(5, "bob", "HOSTB", "no reporter yet"));
        await ControlServerFixture.WaitUntilAsync(() => output.Text.Contains("no reporter yet", StringComparison.Ordinal));
        var reporter = new FakeReceiptReporter();
        f.Daemon.Receipts = reporter;
        f.Daemon.Publish(FakeDaemonControl.Message(6, "bob", "HOSTB", "a duplicate") with { Duplicate = true });
        f.Daemon.Publish(FakeDaemonControl.Message(7, "bob", "HOSTB", "with a reporter"));
        await ControlServerFixture.WaitUntilAsync(() => reporter.Calls.Count == 1);
        await stop.CancelAsync();

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("a duplicate", output.Text, StringComparison.Ordinal);
        Assert.Equal([(7L, ReceiptState.Displayed)], reporter.Calls.Select(c => (c.Seq, c.State)));
    }

    [Fact]
    public async Task Listen_ack_stopped_while_an_acknowledgement_is_under_way_finishes_it()
    {
        await using var f = await ControlServerFixture.StartAsync();
        using var readGate = new ManualResetEventSlim(false);
        var reporter = new FakeReceiptReporter { ReadGate = readGate };
        f.Daemon.Receipts = reporter;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = new LockedWriter();
        var run = ListenCommand.RunAsync(f.StateDirArgs("--ack"), f.Context(out _, out var error) with { Out = output }, stop.Token);
        await ControlServerFixture.WaitUntilAsync(() => f.Daemon.Subscribers == 1);

        f.Daemon.Publish(FakeDaemonControl.Message(5, "bob", "HOSTB", "printed, then Ctrl-C"));
        await ControlServerFixture.WaitUntilAsync(() => reporter.Count(ReceiptState.Read) == 1); // the daemon holds the read request
        await stop.CancelAsync();
        await Task.Delay(500); // time for the stop to reach the waiting request: listen must still be waiting for it
        Assert.False(run.IsCompleted, "listen ended before the read receipt of a message it printed was answered");
        readGate.Set();

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(string.Empty, error.ToString());
    }

    [Fact]
    public async Task Listen_ack_acknowledges_each_message_read_after_printing_it_but_opens_no_sealed_one()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var reporter = new FakeReceiptReporter();
        f.Daemon.Receipts = reporter;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var output = new LockedWriter();
        var run = ListenCommand.RunAsync(f.StateDirArgs("--ack", "--json"), f.Context(out _, out var error) with { Out = output }, stop.Token);
        await ControlServerFixture.WaitUntilAsync(() => f.Daemon.Subscribers == 1);

        f.Daemon.Publish(FakeDaemonControl.Message(5, "bob", "HOSTB", "one"));
        f.Daemon.Publish(Sealed(6));
        f.Daemon.Publish(FakeDaemonControl.Message(7, "bob", "LAB", "two"));
        await ControlServerFixture.WaitUntilAsync(() => reporter.Count(ReceiptState.Read) == 2 && reporter.Count(ReceiptState.Displayed) == 3);
        await stop.CancelAsync();

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal([5L, 7L], reporter.Calls.Where(c => c.State == ReceiptState.Read).Select(c => c.Seq));
        Assert.Equal(3, output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("secret", output.Text, StringComparison.Ordinal);
        Assert.Equal(string.Empty, error.ToString());
    }

    [Fact]
    public async Task Listen_without_ack_acknowledges_nothing()
    {
        await using var f = await ControlServerFixture.StartAsync();
        var reporter = new FakeReceiptReporter();
        f.Daemon.Receipts = reporter;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var output = new LockedWriter();
        var run = ListenCommand.RunAsync(f.StateDirArgs(), f.Context(out _, out _) with { Out = output }, stop.Token);
        await ControlServerFixture.WaitUntilAsync(() => f.Daemon.Subscribers == 1);

        f.Daemon.Publish(FakeDaemonControl.Message(5, "bob", "HOSTB", "one"));
        await ControlServerFixture.WaitUntilAsync(() => reporter.Calls.Count == 1);
        await stop.CancelAsync();

        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, reporter.Count(ReceiptState.Read));
        Assert.DoesNotContain(f.Daemon.Calls, c => c.Call == "history");
    }

    /// <summary>A writer the listen loop fills while the test reads it.</summary>
    private sealed class LockedWriter : StringWriter
    {
        private readonly Lock _gate = new();

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return ToString();
                }
            }
        }

        public override Task WriteAsync(string? value)
        {
            lock (_gate)
            {
                Write(value);
            }

            return Task.CompletedTask;
        }
    }
}
