using System.Net;
using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Core;
using Messngr.Daemon.Messages;
using Messngr.Daemon.Native;
using Messngr.Daemon.Store;
using Messngr.Daemon.Tests.Hosting;
using Messngr.Daemon.Tests.Users;

namespace Messngr.Daemon.Tests.Native;

/// <summary>
/// Native delivery end to end on loopback (issue #13, items 6 and 8, direct path): a sender node
/// with its outbox and trust policy, a receiver node with its session, trust list and store.
/// </summary>
public sealed class NativeSenderTests : IAsyncDisposable
{
    private static readonly TimeSpan SafetyNet = TlsLoopback.SafetyNet;
    private readonly TempDirectory _senderDir = new();
    private readonly TempDirectory _receiverDir = new();
    private readonly X509Certificate2 _alice = TlsTestCertificates.Create("alice-node");
    private readonly X509Certificate2 _bob = TlsTestCertificates.Create("bob-node");
    private readonly CapturingLogger _log = new();
    private readonly SqliteMessageStore _outbox;
    private readonly SqliteMessageStore _inbox;
    private readonly MessagePipeline _pipeline;
    private readonly TrustStore _senderTrust;
    private readonly TrustStore _receiverTrust;
    private readonly TlsEndpointListener _listener;
    private TlsConnectionPool? _pool;
    private NativeSender? _sender;

    public NativeSenderTests()
    {
        _outbox = new SqliteMessageStore(_senderDir.Path);
        _inbox = new SqliteMessageStore(_receiverDir.Path);
        _pipeline = new MessagePipeline(new ListenerCounters(), _inbox);
        _senderTrust = TrustStore.Open(_senderDir.Path);
        _receiverTrust = TrustStore.Open(_receiverDir.Path);
        _receiverTrust.Add(new TrustEntry(NodeId.FromCertificate(_alice), "ALICE", DateTimeOffset.UtcNow, 0, TrustSource.Manual));
        NameInfo[] names = [new("BOB", 0x03, false, NameKind.User, NameState.Registered, 1000, null)];
        var context = new NativeSessionContext(to => NativeEndpoint.MatchRecipient(names, to), () => ["BOB"], _pipeline.PublishAsync, DaemonLimits.Default, TimeProvider.System, _log);
        var policy = new TrustPolicy(_receiverTrust, null, false, TimeProvider.System, _log);
        _listener = new TlsEndpointListener(new IPEndPoint(IPAddress.Loopback, 0), _bob, new TrustPeerVerifier(policy), (channel, token) => NativeSession.ServeAsync(channel, context, token), new ListenerCounters(), _log);
        _listener.Start(CancellationToken.None);
    }

    private string BobId => NodeId.FromCertificate(_bob).ToString();

    private IPEndPoint Bob => new(IPAddress.Loopback, _listener.BoundPort);

    private NativeSender Sender()
    {
        var policy = new TrustPolicy(_senderTrust, null, false, TimeProvider.System, _log);
        _pool = new TlsConnectionPool(new TlsConnector(_alice, new TrustPeerVerifier(policy)));
        _sender = new NativeSender(_pool, _outbox, DaemonLimits.Default, TimeProvider.System, _log);
        return _sender;
    }

    private static OutgoingMessage Message(string to = "BOB") => new(MessageId.New(), to, "alice", 1000, "hi", DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_message_to_a_trusted_node_is_stored_there_verified_and_the_sender_records_queued_sent_stored()
    {
        _senderTrust.Add(new TrustEntry(NodeId.FromCertificate(_bob), "BOB", DateTimeOffset.UtcNow, 0, TrustSource.Manual));
        var sender = Sender();
        var first = Message();
        var result = await sender.SendAsync(Bob, first, CancellationToken.None).WaitAsync(SafetyNet);
        Assert.Equal(NativeSendOutcome.Delivered, result.Outcome);
        Assert.Equal($"delivered over native to {BobId} (verified)", result.Detail);
        Assert.Equal([ReceiptState.Queued, ReceiptState.Sent, ReceiptState.Stored], _outbox.ReceiptsFor(first.Id).Select(r => r.State));
        var stored = Assert.Single(_inbox.History(10)).Message;
        Assert.Equal((first.Id, "BOB", true), (stored.MessageId, stored.To, stored.Verified));
        Assert.Equal(new SenderIdentity.Native(NodeId.FromCertificate(_alice).ToString(), "alice"), stored.Sender);

        // A second message reuses the kept connection (one HELLO) and is stored too.
        var second = Message();
        Assert.Equal(NativeSendOutcome.Delivered, (await sender.SendAsync(Bob, second, CancellationToken.None).WaitAsync(SafetyNet)).Outcome);
        Assert.Equal(2, _inbox.History(10).Count);
        Assert.Equal(1, _pool!.Count);
    }

    [Fact]
    public async Task A_delivered_message_costs_the_outbox_two_commits_the_enqueue_then_sent_attempt_and_stored_together()
    {
        // Issue #13, perf: the outbox entry is durable before the write (store-and-forward), and
        // sent + the attempt + stored are one transaction, committed before the caller hears "delivered".
        _senderTrust.Add(new TrustEntry(NodeId.FromCertificate(_bob), "BOB", DateTimeOffset.UtcNow, 0, TrustSource.Manual));
        var sender = Sender();
        Assert.Equal(NativeSendOutcome.Delivered, (await sender.SendAsync(Bob, Message(), CancellationToken.None).WaitAsync(SafetyNet)).Outcome);

        var before = _outbox.GroupedTransactions;
        var message = Message();
        Assert.Equal(NativeSendOutcome.Delivered, (await sender.SendAsync(Bob, message, CancellationToken.None).WaitAsync(SafetyNet)).Outcome);
        Assert.Equal(2, _outbox.GroupedTransactions - before);

        var receipts = _outbox.ReceiptsFor(message.Id);
        Assert.Equal([ReceiptState.Queued, ReceiptState.Sent, ReceiptState.Stored], receipts.Select(r => r.State));
        Assert.Equal($"to node {BobId}", receipts[1].Detail);
        Assert.True(receipts[0].At <= receipts[1].At);
        var entry = _outbox.FindOutgoing(message.Id)!;
        Assert.Equal((1, (string?)null, (DateTimeOffset?)null), (entry.Attempts, entry.LastError, entry.NextAttemptAt));
        Assert.Equal(BobId, entry.NodeId); // the node that stored it, in the same transaction (send2: no commit of its own)
    }

    [Fact]
    public async Task The_receivers_per_message_stored_line_is_at_debug_the_log_sinks_accepted_line_is_the_one_at_info()
    {
        // Issue #13, perf: one line per message at info (AcceptedLogSink), not two.
        _senderTrust.Add(new TrustEntry(NodeId.FromCertificate(_bob), "BOB", DateTimeOffset.UtcNow, 0, TrustSource.Manual));
        var message = Message();
        Assert.Equal(NativeSendOutcome.Delivered, (await Sender().SendAsync(Bob, message, CancellationToken.None).WaitAsync(SafetyNet)).Outcome);
        var line = $"native message {message.Id} from alice";
        using var timeout = new CancellationTokenSource(SafetyNet);
        while (!_log.Entries.Any(e => e.Line.StartsWith(line, StringComparison.Ordinal)))
        {
            await Task.Delay(10, timeout.Token); // logged just after the answer left
        }

        var stored = Assert.Single(_log.Entries, e => e.Line.StartsWith(line, StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, stored.Level);
        Assert.EndsWith(": stored", stored.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_senders_line_for_a_delivered_message_is_at_debug_and_for_a_refused_one_at_info()
    {
        // Issue #13, send2 item 3: no line per delivered message at info; what needs attention stays there.
        _senderTrust.Add(new TrustEntry(NodeId.FromCertificate(_bob), "BOB", DateTimeOffset.UtcNow, 0, TrustSource.Manual));
        var sender = Sender();
        var delivered = Message();
        Assert.Equal(NativeSendOutcome.Delivered, (await sender.SendAsync(Bob, delivered, CancellationToken.None).WaitAsync(SafetyNet)).Outcome);
        var refused = Message("CAROL");
        Assert.Equal(NativeSendOutcome.Refused, (await sender.SendAsync(Bob, refused, CancellationToken.None).WaitAsync(SafetyNet)).Outcome);

        var line = Assert.Single(_log.Entries, e => e.Line.StartsWith($"native send {delivered.Id} to BOB", StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, line.Level);
        Assert.EndsWith($"delivered, stored by node {BobId}", line.Line, StringComparison.Ordinal);
        var refusal = Assert.Single(_log.Entries, e => e.Line.StartsWith($"native send {refused.Id} to CAROL", StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, refusal.Level);
        Assert.Contains("Refused: not here", refusal.Line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_for_a_name_the_node_does_not_have_is_refused_not_here_and_recorded_failed()
    {
        _senderTrust.Add(new TrustEntry(NodeId.FromCertificate(_bob), "BOB", DateTimeOffset.UtcNow, 0, TrustSource.Manual));
        var message = Message("CAROL");
        var result = await Sender().SendAsync(Bob, message, CancellationToken.None).WaitAsync(SafetyNet);
        Assert.Equal(NativeSendOutcome.Refused, result.Outcome);
        Assert.StartsWith("not here", result.Detail, StringComparison.Ordinal);
        Assert.Equal(ReceiptState.Failed, _outbox.ReceiptsFor(message.Id)[^1].State);
        Assert.Empty(_inbox.History(10));
    }

    [Fact]
    public async Task A_node_the_sender_does_not_trust_is_refused_with_the_trust_command_and_nothing_is_sent()
    {
        var message = Message();
        var result = await Sender().SendAsync(Bob, message, CancellationToken.None).WaitAsync(SafetyNet);
        Assert.Equal(NativeSendOutcome.Untrusted, result.Outcome);
        Assert.Contains($"messngr trust add {BobId}", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(_outbox.ReceiptsFor(message.Id), r => r.State == ReceiptState.Sent);
        Assert.Empty(_inbox.History(10));
    }

    [Fact]
    public async Task A_node_that_is_not_listening_is_unreachable()
    {
        var port = _listener.BoundPort;
        await _listener.DisposeAsync();
        var result = await Sender().SendAsync(new IPEndPoint(IPAddress.Loopback, port), Message(), CancellationToken.None).WaitAsync(SafetyNet);
        Assert.Equal(NativeSendOutcome.Unreachable, result.Outcome);
    }

    public async ValueTask DisposeAsync()
    {
        if (_pool is not null)
        {
            await _pool.DisposeAsync();
        }

        _sender?.Dispose();
        await _listener.DisposeAsync();
        _pipeline.Complete();
        _inbox.Dispose();
        _outbox.Dispose();
        _alice.Dispose();
        _bob.Dispose();
        _senderDir.Dispose();
        _receiverDir.Dispose();
    }
}
