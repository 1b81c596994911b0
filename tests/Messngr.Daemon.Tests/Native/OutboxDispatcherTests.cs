using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Core;
using Messngr.Daemon.Messages;
using Messngr.Daemon.Native;
using Messngr.Daemon.Store;
using Messngr.Daemon.Tests.Hosting;
using Messngr.Daemon.Tests.Users;
using Microsoft.Extensions.Time.Testing;

namespace Messngr.Daemon.Tests.Native;

/// <summary>
/// Store-and-forward (issue #13, items 7 and 8) end to end on loopback: a sender node with its
/// outbox, trust list and <see cref="OutboxDispatcher"/>, a receiver node with its real session,
/// trust list and store. Time is a fake clock where back-off and expiry are checked.
/// </summary>
public sealed class OutboxDispatcherTests : IAsyncDisposable
{
    private static readonly TimeSpan SafetyNet = TlsLoopback.SafetyNet;
    private static readonly DaemonLimits Fast = DaemonLimits.Default with { OutboxRetryInitial = TimeSpan.FromMilliseconds(20), OutboxRetryMax = TimeSpan.FromMilliseconds(200) };
    private readonly TempDirectory _senderDir = new();
    private readonly TempDirectory _receiverDir = new();
    private readonly X509Certificate2 _alice = TlsTestCertificates.Create("alice-node");
    private readonly X509Certificate2 _bob = TlsTestCertificates.Create("bob-node");
    private readonly CapturingLogger _log = new();
    private readonly SqliteMessageStore _inbox;
    private readonly MessagePipeline _pipeline;
    private readonly Task _writer;
    private readonly TrustStore _senderTrust;
    private readonly TrustStore _receiverTrust;
    private readonly List<IAsyncDisposable> _owned = [];
    private SqliteMessageStore _outbox;

    public OutboxDispatcherTests()
    {
        _outbox = new SqliteMessageStore(_senderDir.Path);
        _inbox = new SqliteMessageStore(_receiverDir.Path);
        _pipeline = new MessagePipeline(new ListenerCounters(), _inbox);
        _writer = Task.Run(_pipeline.RunAsync);
        _senderTrust = TrustStore.Open(_senderDir.Path);
        _receiverTrust = TrustStore.Open(_receiverDir.Path);
        _receiverTrust.Add(new TrustEntry(NodeId.FromCertificate(_alice), "ALICE", DateTimeOffset.UtcNow, 0, TrustSource.Manual));
    }

    private string BobId => NodeId.FromCertificate(_bob).ToString();

    [Fact]
    public async Task A_node_that_is_down_is_retried_with_doubling_back_off_and_gets_the_message_once_it_is_up()
    {
        TrustBob();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var port = FreePort();
        var dispatcher = Dispatcher(time, DaemonLimits.Default);
        var message = Message($"BOB@127.0.0.1:{port}", time.GetUtcNow());
        var submittedAt = time.GetUtcNow();

        var first = await dispatcher.SubmitAsync(message, CancellationToken.None).WaitAsync(SafetyNet);

        Assert.Equal((NativeSendOutcome.Unreachable, true), (first.Attempt.Outcome, first.Queued));
        var afterFirst = _outbox.FindOutgoing(message.Id)!;
        Assert.Equal(1, afterFirst.Attempts);
        Assert.InRange(afterFirst.NextAttemptAt!.Value - submittedAt, TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(1.2)); // 1 s ± 20 %

        await AdvanceUntilAsync(time, () => _outbox.FindOutgoing(message.Id)!.Attempts >= 2);
        var afterSecond = _outbox.FindOutgoing(message.Id)!;
        Assert.True(afterSecond.NextAttemptAt!.Value - afterFirst.NextAttemptAt.Value >= TimeSpan.FromSeconds(1.6), "the second delay doubles (2 s ± 20 %)");
        Assert.Equal([ReceiptState.Queued], _outbox.ReceiptsFor(message.Id).Select(r => r.State));

        StartReceiver(port);
        await AdvanceUntilAsync(time, () => _outbox.ReceiptsFor(message.Id)[^1].State == ReceiptState.Stored);
        Assert.Single(_inbox.History(10), h => h.Message.MessageId == message.Id);
        Assert.Equal(BobId, _outbox.FindOutgoing(message.Id)!.NodeId);
    }

    [Fact]
    public async Task A_restarted_dispatcher_over_the_same_store_file_sends_what_was_queued()
    {
        TrustBob();
        var port = FreePort();
        var before = Dispatcher(TimeProvider.System, Fast);
        var message = Message($"BOB@127.0.0.1:{port}", DateTimeOffset.UtcNow);
        Assert.True((await before.SubmitAsync(message, CancellationToken.None).WaitAsync(SafetyNet)).Queued);
        await DisposeOwnedAsync(); // the daemon stops
        _outbox.Dispose();
        _outbox = new SqliteMessageStore(_senderDir.Path); // and starts again
        StartReceiver(port);

        var after = Dispatcher(TimeProvider.System, Fast);
        var receipts = await after.WaitForAsync(message.Id, ReceiptState.Stored, CancellationToken.None).WaitAsync(SafetyNet);

        Assert.Equal(ReceiptState.Stored, receipts[^1].State);
        Assert.Single(_inbox.History(10), h => h.Message.MessageId == message.Id);
    }

    [Fact]
    public async Task A_message_whose_expiry_passes_in_the_outbox_is_reported_expired_and_logged()
    {
        TrustBob();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var dispatcher = Dispatcher(time, DaemonLimits.Default);
        var recipient = $"BOB@127.0.0.1:{FreePort()}";
        var message = Message(recipient, time.GetUtcNow()) with { ExpiresAt = time.GetUtcNow().AddSeconds(5) };
        Assert.True((await dispatcher.SubmitAsync(message, CancellationToken.None).WaitAsync(SafetyNet)).Queued);

        await AdvanceUntilAsync(time, () => _outbox.ReceiptsFor(message.Id)[^1].State == ReceiptState.Expired);

        var receipts = await dispatcher.WaitForAsync(message.Id, ReceiptState.Stored, CancellationToken.None).WaitAsync(SafetyNet);
        Assert.Equal(ReceiptState.Expired, receipts[^1].State);
        Assert.Null(_outbox.FindOutgoing(message.Id)!.NextAttemptAt);
        Assert.Contains(_log.Lines, l => l.StartsWith($"native message {message.Id} to {recipient}: expired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_without_expiry_gets_the_configured_outbox_expiry()
    {
        var dispatcher = Dispatcher(TimeProvider.System, Fast, expiry: TimeSpan.FromHours(2));
        var message = Message($"BOB@127.0.0.1:{FreePort()}", DateTimeOffset.UtcNow);

        await dispatcher.SubmitAsync(message, CancellationToken.None).WaitAsync(SafetyNet);

        Assert.Equal(message.CreatedAt.AddHours(2), _outbox.FindOutgoing(message.Id)!.ExpiresAt);
    }

    [Fact]
    public async Task A_message_for_a_name_no_node_announces_waits_and_goes_out_when_discovery_announces_it()
    {
        TrustBob();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow); // never advanced: no retry comes from the clock
        var peers = new PeerTable(16, _senderTrust, [], time, _log);
        var port = StartReceiver(0);
        var dispatcher = Dispatcher(time, DaemonLimits.Default, peers);
        var message = Message("BOB", time.GetUtcNow());

        var first = await dispatcher.SubmitAsync(message, CancellationToken.None).WaitAsync(SafetyNet);
        Assert.True(first.Queued);
        Assert.Contains("unknown node", first.Attempt.Detail, StringComparison.Ordinal);

        peers.Announced(NodeId.Parse(BobId), ["BOB"], IPAddress.Loopback, (ushort)port);
        var receipts = await dispatcher.WaitForAsync(message.Id, ReceiptState.Stored, CancellationToken.None).WaitAsync(SafetyNet);

        Assert.Equal(ReceiptState.Stored, receipts[^1].State);
        Assert.Equal(BobId, _outbox.FindOutgoing(message.Id)!.NodeId);
        Assert.Equal("BOB", Assert.Single(_inbox.History(10)).Message.To);
    }

    [Fact]
    public async Task A_message_the_node_refuses_as_not_here_fails_and_is_not_retried()
    {
        TrustBob();
        var port = StartReceiver(0);
        var dispatcher = Dispatcher(TimeProvider.System, Fast);
        var message = Message($"CAROL@127.0.0.1:{port}", DateTimeOffset.UtcNow);

        var result = await dispatcher.SubmitAsync(message, CancellationToken.None).WaitAsync(SafetyNet);

        Assert.Equal((NativeSendOutcome.Refused, false), (result.Attempt.Outcome, result.Queued));
        Assert.StartsWith("not here", result.Attempt.Detail, StringComparison.Ordinal);
        Assert.Equal(ReceiptState.Failed, _outbox.ReceiptsFor(message.Id)[^1].State);
        Assert.Null(_outbox.FindOutgoing(message.Id)!.NextAttemptAt);
        Assert.Empty(_inbox.History(10));
    }

    [Fact]
    public async Task A_node_whose_key_is_not_trusted_fails_at_once_with_the_trust_command_logged()
    {
        var port = StartReceiver(0);
        var dispatcher = Dispatcher(TimeProvider.System, Fast);
        var message = Message($"BOB@127.0.0.1:{port}", DateTimeOffset.UtcNow);

        var result = await dispatcher.SubmitAsync(message, CancellationToken.None).WaitAsync(SafetyNet);

        Assert.Equal((NativeSendOutcome.Untrusted, false), (result.Attempt.Outcome, result.Queued));
        Assert.Equal(ReceiptState.Failed, _outbox.ReceiptsFor(message.Id)[^1].State);
        Assert.Null(_outbox.FindOutgoing(message.Id)!.NextAttemptAt);
        Assert.Contains(_log.Lines, l => l.Contains($"native message {message.Id}", StringComparison.Ordinal) && l.Contains("not trusted", StringComparison.Ordinal) && l.Contains($"messngr trust add {BobId}", StringComparison.Ordinal));
        Assert.Empty(_inbox.History(10));
    }

    [Fact]
    public async Task Sends_whose_connection_is_lost_before_their_answers_stay_queued_and_are_stored_exactly_once()
    {
        TrustBob();
        const int Count = 8;
        var port = StartReceiver(0, (channel, number) => number == 1 ? new AnswerDroppingChannel(channel, answers: 3) : channel);
        var dispatcher = Dispatcher(TimeProvider.System, Fast);
        var messages = Enumerable.Range(0, Count).Select(_ => Message($"BOB@127.0.0.1:{port}", DateTimeOffset.UtcNow)).ToList();

        var first = await Task.WhenAll(messages.Select(m => dispatcher.SubmitAsync(m, CancellationToken.None))).WaitAsync(SafetyNet);
        Assert.Contains(first, r => r.Queued && r.Attempt.Outcome == NativeSendOutcome.Unreachable);

        foreach (var message in messages)
        {
            var receipts = await dispatcher.WaitForAsync(message.Id, ReceiptState.Stored, CancellationToken.None).WaitAsync(SafetyNet);
            Assert.Equal(ReceiptState.Stored, receipts[^1].State);
        }

        var stored = _inbox.History(100).Select(h => h.Message.MessageId).ToList();
        Assert.Equal(messages.Select(m => m.Id).Order(), stored.Order()); // each once
    }

    [Fact]
    public async Task A_wait_notices_a_receipt_that_other_code_records_in_the_store()
    {
        TrustBob();
        var port = StartReceiver(0);
        var dispatcher = Dispatcher(TimeProvider.System, Fast);
        var message = Message($"BOB@127.0.0.1:{port}", DateTimeOffset.UtcNow);
        Assert.Equal(NativeSendOutcome.Delivered, (await dispatcher.SubmitAsync(message, CancellationToken.None).WaitAsync(SafetyNet)).Attempt.Outcome);
        var waiting = dispatcher.WaitForAsync(message.Id, ReceiptState.Displayed, CancellationToken.None);

        _outbox.RecordReceipt(new Receipt(message.Id, ReceiptState.Displayed, DateTimeOffset.UtcNow, "by a sink")); // as the receipts part does

        var receipts = await waiting.WaitAsync(SafetyNet);
        Assert.Equal(ReceiptState.Displayed, receipts[^1].State);
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeOwnedAsync();
        _pipeline.Complete();
        await _writer;
        _inbox.Dispose();
        _outbox.Dispose();
        _alice.Dispose();
        _bob.Dispose();
        _senderDir.Dispose();
        _receiverDir.Dispose();
    }

    private static OutgoingMessage Message(string to, DateTimeOffset at) => new(MessageId.New(), to, "alice", 1000, "hi", at);

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Moves the fake clock on in small steps until <paramref name="condition"/> holds (a safety net, not a timing).</summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + SafetyNet;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never held");
            time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(20);
        }
    }

    private void TrustBob() => _senderTrust.Add(new TrustEntry(NodeId.FromCertificate(_bob), "BOB", DateTimeOffset.UtcNow, 0, TrustSource.Manual));

    private OutboxDispatcher Dispatcher(TimeProvider time, DaemonLimits limits, PeerTable? peers = null, TimeSpan? expiry = null)
    {
        var policy = new TrustPolicy(_senderTrust, null, false, TimeProvider.System, _log);
        var pool = new TlsConnectionPool(new TlsConnector(_alice, new TrustPeerVerifier(policy)) { Limits = limits });
        var sender = new NativeSender(pool, _outbox, limits, time, _log);
        var dispatcher = new OutboxDispatcher(sender, _outbox, peers, expiry ?? TimeSpan.FromDays(1), limits, time, _log);
        var host = new OutboxHost(dispatcher, sender, pool);
        _owned.Add(host);
        dispatcher.Start();
        return dispatcher;
    }

    /// <summary>The receiver's real session on <paramref name="port"/> (0: any); returns the port.</summary>
    private int StartReceiver(int port, Func<IFrameChannel, int, IFrameChannel>? wrap = null)
    {
        NameInfo[] names = [new("BOB", 0x03, false, NameKind.User, NameState.Registered, 1000, null)];
        var context = new NativeSessionContext(to => NativeEndpoint.MatchRecipient(names, to), () => ["BOB"], _pipeline.PublishAsync, DaemonLimits.Default, TimeProvider.System, _log);
        var policy = new TrustPolicy(_receiverTrust, null, false, TimeProvider.System, _log);
        var connections = 0;
        var listener = new TlsEndpointListener(new IPEndPoint(IPAddress.Loopback, port), _bob, new TrustPeerVerifier(policy), (channel, token) =>
        {
            var number = Interlocked.Increment(ref connections);
            return NativeSession.ServeAsync(wrap?.Invoke(channel, number) ?? channel, context, token);
        }, new ListenerCounters(), _log);
        listener.Start(CancellationToken.None);
        Assert.True(listener.Status.Bound, listener.Status.Error);
        _owned.Add(listener);
        return listener.BoundPort;
    }

    private async Task DisposeOwnedAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        _owned.Clear();
    }
}
