using System.Net;
using System.Threading.Channels;
using Messngr.Cli.Commands;
using Messngr.Daemon.Core;
using Messngr.Daemon.Tests.Control;
using Messngr.Daemon.Tests.Quiet;

namespace Messngr.Daemon.Tests.Desktop;

/// <summary>
/// Issue #14, item 1: <c>messngr agent</c> against a real private dbus-daemon with a recording
/// notification server and a control server (fake daemon behind it): the exact Notify, displayed
/// only once Notify returned, replace by correlation key, close on read elsewhere, on mark-read
/// (with the read receipt) and on expiry, inline reply through the daemon, the fallback without a
/// service said once and the switch back, and a Notify that hangs.
/// </summary>
public sealed class AgentCommandTests
{
    private const string NodeId = "P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2";

    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    private static StoredMessage Native(long seq, string text, string? key = null, DateTimeOffset? expires = null)
    {
        var m = FakeDaemonControl.Message(seq, "bob", "HOSTB", text, MessageTransport.Native);
        return m with
        {
            Message = m.Message with
            {
                Sender = new SenderIdentity.Native(NodeId, "bob"),
                CorrelationKey = key,
                ExpiresAt = expires,
                Source = new IPEndPoint(IPAddress.Parse("10.0.0.7"), 40000),
            },
        };
    }

    private static async Task<T> Next<T>(Channel<T> channel) => await channel.Reader.ReadAsync().AsTask().WaitAsync(SafetyNet);

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + SafetyNet;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {SafetyNet.TotalSeconds} s: {what}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_classic_message_is_notified_with_the_exact_arguments_and_reported_displayed_after_notify()
    {
        using var bus = await PrivateSessionBus.StartAsync();
        using var server = await RecordingNotificationServer.StartAsync(bus.Address, "actions", "body", "body-markup");
        await using var f = await ControlServerFixture.StartAsync();
        var reporter = new FakeReceiptReporter();
        f.Daemon.Receipts = reporter;
        await using var agent = await AgentHarness.StartAsync(f, bus.Address);

        f.Daemon.Publish(FakeDaemonControl.Message(5, "ALICE", "HOSTB", "<b>hi</b> & \u202Eevil"));

        var call = await Next(server.Notified);
        Assert.Equal("messngr", call.AppName);
        Assert.Equal(0u, call.ReplacesId);
        Assert.Equal("ALICE (unverified)", call.Summary);
        Assert.Equal("&lt;b&gt;hi&lt;/b&gt; &amp; evil", call.Body);
        Assert.Equal(["default", "Mark read", "mark-read", "Mark read"], call.Actions);
        Assert.Equal(1, call.Hints["urgency"].GetByte());
        Assert.Equal(-1, call.ExpireTimeout);
        await Eventually(() => reporter.Count(ReceiptState.Displayed) == 1, "displayed reported");
        Assert.Equal([(5L, ReceiptState.Displayed)], reporter.Calls.Select(c => (c.Seq, c.State)));
        Assert.Equal(string.Empty, agent.Output.Text);
        Assert.Equal(0, await agent.StopAsync());
        Assert.Equal(string.Empty, agent.Error.Text);
    }

    [Fact]
    public async Task A_later_message_with_the_same_key_replaces_and_a_read_elsewhere_closes()
    {
        using var bus = await PrivateSessionBus.StartAsync();
        using var server = await RecordingNotificationServer.StartAsync(bus.Address, "actions", "body");
        await using var f = await ControlServerFixture.StartAsync();
        await using var agent = await AgentHarness.StartAsync(f, bus.Address);

        f.Daemon.Publish(Native(1, "build 1 failed", key: "ci"));
        var first = await Next(server.Notified);
        Assert.Equal($"bob (verified, node {NodeId[..12]})", first.Summary);
        f.Daemon.Publish(Native(2, "build 2 passed", key: "ci"));
        var second = await Next(server.Notified);
        Assert.Equal(first.AnsweredId, second.ReplacesId);
        Assert.Equal("build 2 passed", second.Body);

        await Eventually(() => f.Daemon.History(0, 10).Any(m => m.Id == 2), "stored");
        await f.Client.ReadAsync("2", CancellationToken.None); // as 'messngr read 2' elsewhere

        Assert.Equal(second.AnsweredId, await Next(server.Closed));
    }

    [Fact]
    public async Task Mark_read_reports_read_and_closes_and_an_expired_message_is_closed()
    {
        using var bus = await PrivateSessionBus.StartAsync();
        using var server = await RecordingNotificationServer.StartAsync(bus.Address, "actions", "body");
        await using var f = await ControlServerFixture.StartAsync();
        var reporter = new FakeReceiptReporter();
        f.Daemon.Receipts = reporter;
        await using var agent = await AgentHarness.StartAsync(f, bus.Address);

        f.Daemon.Publish(Native(1, "read me"));
        var shown = await Next(server.Notified);
        await Eventually(() => reporter.Count(ReceiptState.Displayed) == 1, "displayed reported");
        server.InvokeAction(shown.AnsweredId, "mark-read");
        Assert.Equal(shown.AnsweredId, await Next(server.Closed));
        Assert.Equal([(1L, ReceiptState.Displayed), (1L, ReceiptState.Read)], reporter.Calls.Select(c => (c.Seq, c.State)));

        f.Daemon.Publish(Native(2, "gone soon", expires: DateTimeOffset.UtcNow.AddSeconds(1)));
        var expiring = await Next(server.Notified);
        Assert.Equal(expiring.AnsweredId, await Next(server.Closed));
    }

    [Fact]
    public async Task An_inline_reply_to_a_native_message_is_sent_to_its_sender_through_the_daemons_reply_endpoint()
    {
        using var bus = await PrivateSessionBus.StartAsync();
        using var server = await RecordingNotificationServer.StartAsync(bus.Address, "actions", "body", "inline-reply");
        await using var f = await ControlServerFixture.StartAsync();
        var delivery = new FakeNativeDelivery(f.Daemon);
        f.Daemon.Delivery = delivery;
        f.Daemon.SendStack = Messngr.Daemon.Tests.Sending.FakeSendStack.Create(new Messngr.Daemon.Tests.Sending.FakeClassicTransports());
        await using var agent = await AgentHarness.StartAsync(f, bus.Address);

        var original = Native(1, "lunch?");
        f.Daemon.Publish(original);
        var shown = await Next(server.Notified);
        Assert.Contains("inline-reply", shown.Actions);
        server.Reply(shown.AnsweredId, "yes, at noon");

        await Eventually(() => !delivery.Submitted.IsEmpty, "the reply submitted");
        var reply = Assert.Single(delivery.Submitted);
        // POST /v1/messages/1/reply: the daemon's rule (ReplyTarget), natively on the default port, replyTo the original id.
        Assert.Equal("bob@10.0.0.7:2426", reply.Recipient);
        Assert.Equal(("yes, at noon", original.Message.MessageId), (reply.Text, reply.ReplyTo));
        Assert.Equal(string.Empty, agent.Error.Text);
    }

    [Fact]
    public async Task Without_a_notification_service_it_prints_says_so_once_and_switches_back_when_one_appears()
    {
        using var bus = await PrivateSessionBus.StartAsync();
        await using var f = await ControlServerFixture.StartAsync();
        var reporter = new FakeReceiptReporter();
        f.Daemon.Receipts = reporter;
        await using var agent = await AgentHarness.StartAsync(f, bus.Address);

        f.Daemon.Publish(FakeDaemonControl.Message(1, "ALICE", "HOSTB", "first \u001b[31mred"));
        f.Daemon.Publish(FakeDaemonControl.Message(2, "ALICE", "HOSTB", "second"));
        await Eventually(() => agent.Output.Text.Contains("second", StringComparison.Ordinal), "both printed");
        Assert.DoesNotContain("\u001b", agent.Output.Text, StringComparison.Ordinal);
        Assert.Single(agent.Error.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("no notification service", StringComparison.Ordinal));
        await Eventually(() => reporter.Count(ReceiptState.Displayed) == 2, "printed counts as displayed");

        using var server = await RecordingNotificationServer.StartAsync(bus.Address, "actions", "body");
        await Eventually(() => agent.Error.Text.Contains("there again", StringComparison.Ordinal), "the switch back said");
        f.Daemon.Publish(FakeDaemonControl.Message(3, "ALICE", "HOSTB", "third"));

        Assert.Equal("third", (await Next(server.Notified)).Body);
        Assert.Equal(2, agent.Error.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Without_a_session_bus_it_prints_and_says_so_once()
    {
        await using var f = await ControlServerFixture.StartAsync();
        await using var agent = await AgentHarness.StartAsync(f, busAddress: null);

        f.Daemon.Publish(FakeDaemonControl.Message(1, "ALICE", "HOSTB", "one"));
        f.Daemon.Publish(FakeDaemonControl.Message(2, "ALICE", "HOSTB", "two"));

        await Eventually(() => agent.Output.Text.Contains("\ntwo\n", StringComparison.Ordinal), "printed");
        Assert.StartsWith("From ALICE to HOSTB at ", agent.Output.Text, StringComparison.Ordinal);
        Assert.Equal("messngr agent: no notification service (no session bus (DBUS_SESSION_BUS_ADDRESS is not set)); printing messages here instead until one appears\n", agent.Error.Text);
    }

    [Fact]
    public async Task A_notify_that_hangs_is_printed_after_the_timeout_the_next_message_is_notified_and_plain_listen_is_not_delayed()
    {
        using var bus = await PrivateSessionBus.StartAsync();
        using var server = await RecordingNotificationServer.StartAsync(bus.Address, "actions", "body");
        var hang = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.NotifyGate = hang.Task;
        await using var f = await ControlServerFixture.StartAsync();
        var reporter = new FakeReceiptReporter();
        f.Daemon.Receipts = reporter;
        await using var agent = await AgentHarness.StartAsync(f, bus.Address);

        f.Daemon.Publish(FakeDaemonControl.Message(1, "ALICE", "HOSTB", "stuck"));
        var stuck = await Next(server.Notified);
        // Not on screen while Notify hangs: displayed only once it is printed after the timeout.
        Assert.True(reporter.Count(ReceiptState.Displayed) == 0 || agent.Output.Text.Contains("stuck", StringComparison.Ordinal));

        await using var plain = await DisplayStreamClient.OpenAsync(f.Server.SocketPath, "/v1/listen");
        await ControlServerFixture.WaitUntilAsync(() => f.Daemon.Subscribers == 2);
        f.Daemon.Publish(FakeDaemonControl.Message(2, "ALICE", "HOSTB", "meanwhile"));
        Assert.Equal(2, await plain.NextSeqAsync()); // another display has it while the agent waits for Notify

        await Eventually(() => agent.Output.Text.Contains("stuck", StringComparison.Ordinal), "printed after the Notify timeout");
        Assert.Contains("did not answer within 5 s; message 1 is printed here", agent.Error.Text, StringComparison.Ordinal);
        await Eventually(() => reporter.Calls.Any(c => c.Seq == 1 && c.State == ReceiptState.Displayed), "printed counts as displayed");
        hang.SetResult();
        f.Daemon.Publish(FakeDaemonControl.Message(3, "ALICE", "HOSTB", "third"));
        while ((await Next(server.Notified)).Body != "third")
        {
            // message 2 is notified (or printed) first
        }

        // The stuck one answered late: its notification is tracked, so Mark read works on it.
        server.InvokeAction(stuck.AnsweredId, "mark-read");
        Assert.Equal(stuck.AnsweredId, await Next(server.Closed));
        await Eventually(() => reporter.Calls.Any(c => c.Seq == 1 && c.State == ReceiptState.Read), "the late one marked read");
    }

    [Fact]
    public async Task Agent_help_lists_its_options_and_exit_codes_and_the_catalog_knows_it()
    {
        await using var f = await ControlServerFixture.StartAsync();

        Assert.Equal(0, await AgentCommand.RunAsync(["--help"], f.Context(out var output, out _), CancellationToken.None));

        Assert.StartsWith("usage: messngr agent [--state-dir DIR] [--timeout S]", output.ToString().Split('\n').First(l => l.StartsWith("usage", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("77", output.ToString(), StringComparison.Ordinal);
        Assert.NotNull(Messngr.Cli.Help.CommandCatalog.Find("agent"));
        await Assert.ThrowsAsync<Messngr.Cli.UsageException>(() => AgentCommand.RunAsync(["extra"], f.Context(out _, out _), CancellationToken.None));
    }
}
