using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Core;
using Messngr.Daemon.Messages;
using Messngr.Daemon.Native;
using Messngr.Daemon.Store;
using Messngr.Daemon.Tests.Hosting;
using Messngr.Daemon.Tests.Users;
using Messngr.Wire.Native;
using Microsoft.Extensions.Time.Testing;

namespace Messngr.Daemon.Tests.Native;

/// <summary>
/// Displayed/read receipts between two nodes over real TLS on loopback (issue #13, item 6;
/// docs/native-protocol.md §5.4–5.5, §6): node A (alice) sends a message to node B (bob); B's
/// <see cref="ReceiptReporter"/> records what its sinks and user did and its
/// <see cref="ReceiptDispatcher"/> sends the RECEIPTs to A, which records them (only from the node
/// the message went to) and ACKs. Time for the queue is a fake clock: nothing here waits on a timer.
/// </summary>
public sealed class ReceiptTransportTests : IAsyncDisposable
{
    private static readonly TimeSpan SafetyNet = TlsLoopback.SafetyNet;
    private readonly TempDirectory _aliceDir = new();
    private readonly TempDirectory _bobDir = new();
    private readonly X509Certificate2 _alice = TlsTestCertificates.Create("alice-node");
    private readonly X509Certificate2 _bob = TlsTestCertificates.Create("bob-node");
    private readonly X509Certificate2 _carol = TlsTestCertificates.Create("carol-node");
    private readonly CapturingLogger _log = new();
    private readonly SqliteMessageStore _aliceStore;
    private readonly SqliteMessageStore _bobStore;
    private readonly MessagePipeline _bobPipeline;
    private readonly TrustStore _aliceTrust;
    private readonly TrustStore _bobTrust;
    private readonly TlsEndpointListener _bobListener;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
    private readonly ReceiptDispatcher _dispatcher;
    private readonly ReceiptReporter _reporter;
    private TlsEndpointListener? _aliceListener;
    private ushort _alicePort;
    private TlsConnectionPool? _alicePool;

    public ReceiptTransportTests()
    {
        _aliceStore = new SqliteMessageStore(_aliceDir.Path);
        _bobStore = new SqliteMessageStore(_bobDir.Path);
        _bobPipeline = new MessagePipeline(new ListenerCounters(), _bobStore);
        _aliceTrust = TrustStore.Open(_aliceDir.Path);
        _bobTrust = TrustStore.Open(_bobDir.Path);
        _aliceTrust.Add(new TrustEntry(NodeId.FromCertificate(_bob), "BOB", DateTimeOffset.UtcNow, 0, TrustSource.Manual));
        _aliceTrust.Add(new TrustEntry(NodeId.FromCertificate(_carol), "CAROL", DateTimeOffset.UtcNow, 0, TrustSource.Manual));
        _bobTrust.Add(new TrustEntry(NodeId.FromCertificate(_alice), "ALICE", DateTimeOffset.UtcNow, 0, TrustSource.Manual));

        // B receives messages (its session commits them through its pipeline).
        NameInfo[] names = [new("BOB", 0x03, false, NameKind.User, NameState.Registered, 1000, null)];
        var bobContext = new NativeSessionContext(to => NativeEndpoint.MatchRecipient(names, to), () => ["BOB"], _bobPipeline.PublishAsync, DaemonLimits.Default, TimeProvider.System, _log);
        _bobListener = new TlsEndpointListener(new IPEndPoint(IPAddress.Loopback, 0), _bob, new TrustPeerVerifier(BobPolicy()), (channel, token) => NativeSession.ServeAsync(channel, bobContext, token), new ListenerCounters(), _log);
        _bobListener.Start(CancellationToken.None);

        // B's receipts: its own pool as TLS client with B's certificate, A's port as the peer table would say.
        var bobPool = new TlsConnectionPool(new TlsConnector(_bob, new TrustPeerVerifier(BobPolicy())));
        _dispatcher = new ReceiptDispatcher(bobPool, _bobStore, _ => _alicePort, DaemonLimits.Default, _time, _log);
        _reporter = new ReceiptReporter(_bobStore, DaemonLimits.Default, _time, _log) { Dispatcher = _dispatcher };
        _alicePort = ClosedPort();
    }

    private string AliceId => NodeId.FromCertificate(_alice).ToString();

    private string BobId => NodeId.FromCertificate(_bob).ToString();

    private DateTimeOffset Now => _time.GetUtcNow();

    private TrustPolicy BobPolicy() => new(_bobTrust, null, false, TimeProvider.System, _log);

    /// <summary>A's listener: its sessions take displayed/read receipts for A's outbox.</summary>
    private void StartAlice()
    {
        var context = new NativeSessionContext(_ => null, () => ["ALICE"], _ => Task.FromResult<StoredMessage?>(null), DaemonLimits.Default, TimeProvider.System, _log)
        {
            Receipts = new ReceiptAcceptor(_aliceStore, _log),
        };
        var policy = new TrustPolicy(_aliceTrust, null, false, TimeProvider.System, _log);
        _aliceListener = new TlsEndpointListener(new IPEndPoint(IPAddress.Loopback, 0), _alice, new TrustPeerVerifier(policy), (channel, token) => NativeSession.ServeAsync(channel, context, token), new ListenerCounters(), _log);
        _aliceListener.Start(CancellationToken.None);
        Assert.True(_aliceListener.Status.Bound, _aliceListener.Status.Error);
        _alicePort = (ushort)_aliceListener.BoundPort;
    }

    /// <summary>A loopback port nobody listens on (A is down).</summary>
    private static ushort ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = (ushort)((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>A message A sent to B (in A's outbox, stored by node B) as B stored it.</summary>
    private StoredMessage SentToBob(DateTimeOffset? expires = null)
    {
        var id = MessageId.New();
        Assert.Equal(EnqueueOutcome.Queued, _aliceStore.EnqueueOutgoing(new OutgoingMessage(id, "BOB", "alice", 1000, "hi", Now) { NodeId = BobId, ExpiresAt = expires }));
        var received = new ReceivedMessage("alice", "BOB", "hi", MessageTransport.Native, new IPEndPoint(IPAddress.Loopback, 50000), Now)
        {
            MessageId = id,
            Sender = new SenderIdentity.Native(AliceId, "alice"),
            ExpiresAt = expires,
        };
        var result = Assert.Single(_bobStore.Commit([received]));
        return new StoredMessage(result.Id, received with { Id = result.Id });
    }

    private IReadOnlyList<ReceiptState> AliceStates(MessageId id) => [.. _aliceStore.ReceiptsFor(id).Select(r => r.State)];

    private IReadOnlyList<QueuedReceipt> BobQueue() => _bobStore.DueReceipts(DateTimeOffset.MaxValue, 1000);

    private Task<int> SendDueAsync() => _dispatcher.SendDueAsync(CancellationToken.None).WaitAsync(SafetyNet);

    [Fact]
    public async Task A_message_sent_natively_is_reported_displayed_then_read_to_the_sender_with_the_receivers_times()
    {
        StartAlice();
        var senderPolicy = new TrustPolicy(_aliceTrust, null, false, TimeProvider.System, _log);
        _alicePool = new TlsConnectionPool(new TlsConnector(_alice, new TrustPeerVerifier(senderPolicy)));
        using var sender = new NativeSender(_alicePool, _aliceStore, DaemonLimits.Default, TimeProvider.System, _log);
        var message = new OutgoingMessage(MessageId.New(), "BOB", "alice", 1000, "lunch?", DateTimeOffset.UtcNow) { NodeId = BobId, Sealed = true };
        var sent = await sender.SendAsync(new IPEndPoint(IPAddress.Loopback, _bobListener.BoundPort), message, CancellationToken.None).WaitAsync(SafetyNet);
        Assert.Equal(NativeSendOutcome.Delivered, sent.Outcome);
        var stored = Assert.Single(_bobStore.History(10));
        Assert.True(stored.Message.Sealed); // MESSAGE-FLAGS bit 0 went over the wire and was kept

        var displayedAt = Now;
        Assert.True(_reporter.Report(stored, ReceiptState.Displayed, displayedAt));
        Assert.Equal(1, await SendDueAsync());
        Assert.Equal([ReceiptState.Queued, ReceiptState.Sent, ReceiptState.Stored, ReceiptState.Displayed], AliceStates(message.Id));

        _time.Advance(TimeSpan.FromMinutes(3));
        var readAt = Now;
        Assert.True(_reporter.Report(stored, ReceiptState.Read, readAt));
        Assert.Equal(1, await SendDueAsync());

        var receipts = _aliceStore.ReceiptsFor(message.Id);
        Assert.Equal([ReceiptState.Queued, ReceiptState.Sent, ReceiptState.Stored, ReceiptState.Displayed, ReceiptState.Read], receipts.Select(r => r.State));
        Assert.Equal((displayedAt, readAt), (receipts[3].At, receipts[4].At));
        Assert.Equal($"by node {BobId}", receipts[4].Detail);
        Assert.Empty(BobQueue());
        var seen = Assert.Single(_bobStore.History(10)).Message;
        Assert.Equal((displayedAt, readAt), (seen.DisplayedAt, seen.ReadAt));
    }

    [Fact]
    public async Task While_the_sender_is_down_the_receipt_waits_with_back_off_and_goes_once_it_is_back()
    {
        var stored = SentToBob();
        Assert.True(_reporter.Report(stored, ReceiptState.Read, Now));

        Assert.Equal(0, await SendDueAsync()); // A is down: connection refused
        // Read before any sink showed it: displayed (read implies it) and read wait, each with its back-off.
        Assert.Equal([ReceiptState.Displayed, ReceiptState.Read], BobQueue().Select(q => q.State));
        Assert.All(BobQueue(), waiting =>
        {
            Assert.Equal((1, Now + DaemonLimits.Default.ReceiptRetryInitial), (waiting.Attempts, waiting.NextAttemptAt));
            Assert.NotNull(waiting.LastError);
        });
        Assert.Equal(0, await SendDueAsync()); // not due yet: nothing is tried
        Assert.All(BobQueue(), waiting => Assert.Equal(1, waiting.Attempts));

        StartAlice();
        _time.Advance(DaemonLimits.Default.ReceiptRetryInitial);
        Assert.Equal(2, await SendDueAsync());
        Assert.Empty(BobQueue());
        Assert.Equal(0, await SendDueAsync());
        Assert.Equal([ReceiptState.Queued, ReceiptState.Displayed, ReceiptState.Read], AliceStates(stored.Message.MessageId));
        Assert.Single(_aliceStore.ReceiptsFor(stored.Message.MessageId), r => r.State == ReceiptState.Read);
    }

    [Fact]
    public async Task A_read_that_is_due_takes_its_waiting_displayed_along_and_the_sender_records_displayed_first()
    {
        var stored = SentToBob();
        List<ReceiptState> committed = [];
        _aliceStore.ReceiptRecorded = state =>
        {
            if (state is ReceiptState.Displayed or ReceiptState.Read)
            {
                lock (committed)
                {
                    committed.Add(state);
                }
            }
        };
        Assert.True(_reporter.Report(stored, ReceiptState.Displayed, Now));
        Assert.Equal(0, await SendDueAsync()); // A is down: displayed waits out its back-off

        StartAlice();
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(_reporter.Report(stored, ReceiptState.Read, Now)); // due now, its displayed not yet
        Assert.Equal(2, await SendDueAsync());

        Assert.Empty(BobQueue());
        Assert.Equal([ReceiptState.Displayed, ReceiptState.Read], committed);
        Assert.Equal([ReceiptState.Queued, ReceiptState.Displayed, ReceiptState.Read], AliceStates(stored.Message.MessageId));
    }

    [Fact]
    public async Task The_receipts_of_one_connection_are_recorded_in_the_order_they_arrived()
    {
        StartAlice();
        var id = SentToBob().Message.MessageId;
        using var readRecorded = new ManualResetEventSlim();
        var readWhileDisplayedWasHandled = false;
        _aliceStore.ReceiptRecorded = state =>
        {
            if (state == ReceiptState.Read)
            {
                readRecorded.Set();
            }
            else if (state == ReceiptState.Displayed)
            {
                // Still handling displayed (its ACK not sent): read, sent after it, must not be recorded meanwhile.
                readWhileDisplayedWasHandled = readRecorded.Wait(TimeSpan.FromSeconds(1));
            }
        };
        var connector = new TlsConnector(_bob, new PinnedPeerVerifier(_alice));
        await using var bob = await connector.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _alicePort), "alice-node").WaitAsync(SafetyNet);
        await SendAsync(bob, new HelloFrame([1], new NativeOffer(NativeFrameCodec.ToWire(DateTimeOffset.UtcNow), NativeLimits.MaxFrameLength, 256, NativeCapabilities.DisplayReadReceipts, [])));
        Assert.IsType<HelloAckFrame>(await ReceiveAsync(bob));

        // Pipelined (§6.1): displayed, then read at once, without waiting for the first ACK.
        await SendAsync(bob, new ReceiptFrame(1, NativeFrameCodec.ToWire(id), NativeReceiptState.Displayed, NativeRefusalReason.None, NativeFrameCodec.ToWire(Now)));
        await SendAsync(bob, new ReceiptFrame(3, NativeFrameCodec.ToWire(id), NativeReceiptState.Read, NativeRefusalReason.None, NativeFrameCodec.ToWire(Now.AddSeconds(1))));
        Assert.Equal(1u, Assert.IsType<AckFrame>(await ReceiveAsync(bob)).StreamId);
        Assert.Equal(3u, Assert.IsType<AckFrame>(await ReceiveAsync(bob)).StreamId);

        Assert.False(readWhileDisplayedWasHandled, "read was recorded while displayed, which arrived first, was still being handled");
        Assert.Equal([ReceiptState.Queued, ReceiptState.Displayed, ReceiptState.Read], AliceStates(id));
    }

    [Fact]
    public async Task A_receipt_that_overtakes_the_record_of_its_delivery_waits_for_it_and_is_recorded()
    {
        StartAlice();
        // Sent to bob, whose stored answer is still being committed at A: no node recorded yet.
        var id = MessageId.New();
        Assert.Equal(EnqueueOutcome.Queued, _aliceStore.EnqueueOutgoing(new OutgoingMessage(id, "BOB", "alice", 1000, "hi", Now)));
        Assert.Null(_aliceStore.FindOutgoing(id)!.NodeId);
        var connector = new TlsConnector(_bob, new PinnedPeerVerifier(_alice));
        await using var bob = await connector.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _alicePort), "alice-node").WaitAsync(SafetyNet);
        await SendAsync(bob, new HelloFrame([1], new NativeOffer(NativeFrameCodec.ToWire(DateTimeOffset.UtcNow), NativeLimits.MaxFrameLength, 256, NativeCapabilities.DisplayReadReceipts, [])));
        Assert.IsType<HelloAckFrame>(await ReceiveAsync(bob));

        await SendAsync(bob, new ReceiptFrame(1, NativeFrameCodec.ToWire(id), NativeReceiptState.Displayed, NativeRefusalReason.None, NativeFrameCodec.ToWire(Now)));
        var deadline = DateTime.UtcNow + SafetyNet;
        while (!_log.Lines.Any(line => line.Contains($"receipt displayed of message {id} from node {BobId} waits", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the receipt did not wait for the delivery record:\n" + string.Join('\n', _log.Lines));
            await Task.Delay(10);
        }

        Assert.True(_aliceStore.RecordDelivery(new Receipt(id, ReceiptState.Sent, Now, "to node"), new Receipt(id, ReceiptState.Stored, Now, "by node"), BobId));
        Assert.Equal(1u, Assert.IsType<AckFrame>(await ReceiveAsync(bob)).StreamId);
        Assert.Equal([ReceiptState.Queued, ReceiptState.Sent, ReceiptState.Stored, ReceiptState.Displayed], AliceStates(id));
        Assert.DoesNotContain(_log.Lines, line => line.Contains("not recorded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_receipt_is_given_up_once_the_message_has_expired()
    {
        var stored = SentToBob(expires: Now.AddMinutes(1));
        Assert.True(_reporter.Report(stored, ReceiptState.Displayed, Now));
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, await SendDueAsync());
        Assert.Empty(BobQueue());
        Assert.Contains(_log.Lines, line => line.Contains("given up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reporting_the_same_state_twice_records_and_sends_it_once()
    {
        StartAlice();
        var stored = SentToBob();
        Assert.True(_reporter.Report(stored, ReceiptState.Displayed, Now));
        Assert.False(_reporter.Report(stored, ReceiptState.Displayed, Now.AddSeconds(5)));
        Assert.Single(BobQueue());
        Assert.Equal(1, await SendDueAsync());
        Assert.Equal(0, await SendDueAsync());
        Assert.Equal(Now, Assert.Single(_bobStore.History(1)).Message.DisplayedAt);
    }

    [Fact]
    public void A_classic_message_is_recorded_locally_and_nothing_is_queued()
    {
        var classic = new ReceivedMessage("CAROL", "BOB", "hello", MessageTransport.Smb, new IPEndPoint(IPAddress.Loopback, 139), Now);
        var id = Assert.Single(_bobStore.Commit([classic])).Id;
        Assert.True(_reporter.Report(new StoredMessage(id, classic), ReceiptState.Read, Now));
        Assert.Empty(BobQueue());
        Assert.Equal((Now, Now), (_bobStore.History(1)[0].Message.DisplayedAt, _bobStore.History(1)[0].Message.ReadAt));
    }

    [Fact]
    public void With_the_native_transport_off_a_native_message_is_recorded_and_nothing_is_queued()
    {
        var reporter = new ReceiptReporter(_bobStore, DaemonLimits.Default, _time, _log);
        var stored = SentToBob();
        Assert.True(reporter.Report(stored, ReceiptState.Displayed, Now));
        Assert.Empty(BobQueue());
        Assert.Equal(Now, _bobStore.History(1)[0].Message.DisplayedAt);
    }

    [Fact]
    public async Task A_receipt_from_a_node_the_message_was_not_sent_to_is_acked_but_not_recorded_and_logged()
    {
        StartAlice();
        var stored = SentToBob();
        var id = stored.Message.MessageId;
        var connector = new TlsConnector(_carol, new PinnedPeerVerifier(_alice));
        await using var carol = await connector.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _alicePort), "alice-node").WaitAsync(SafetyNet);
        await SendAsync(carol, new HelloFrame([1], new NativeOffer(NativeFrameCodec.ToWire(DateTimeOffset.UtcNow), NativeLimits.MaxFrameLength, 256, NativeCapabilities.DisplayReadReceipts, [])));
        Assert.IsType<HelloAckFrame>(await ReceiveAsync(carol));

        await SendAsync(carol, new ReceiptFrame(1, NativeFrameCodec.ToWire(id), NativeReceiptState.Read, NativeRefusalReason.None, NativeFrameCodec.ToWire(Now)));
        Assert.Equal(1u, Assert.IsType<AckFrame>(await ReceiveAsync(carol)).StreamId);
        // One for an id A never sent: the same ACK, so the answer reveals nothing about A's outbox.
        await SendAsync(carol, new ReceiptFrame(3, NativeFrameCodec.ToWire(MessageId.New()), NativeReceiptState.Displayed, NativeRefusalReason.None, NativeFrameCodec.ToWire(Now)));
        Assert.Equal(3u, Assert.IsType<AckFrame>(await ReceiveAsync(carol)).StreamId);

        Assert.Equal([ReceiptState.Queued], AliceStates(id));
        var carolId = NodeId.FromCertificate(_carol).ToString();
        Assert.Contains(_log.Lines, line => line.Contains($"from node {carolId} not recorded", StringComparison.Ordinal));

        // A stored receipt is an answer, never a request of the connecting node: the connection ends.
        await SendAsync(carol, new ReceiptFrame(5, NativeFrameCodec.ToWire(id), NativeReceiptState.Stored, NativeRefusalReason.None, NativeFrameCodec.ToWire(Now)));
        Assert.Equal(NativeErrorCode.ProtocolViolation, Assert.IsType<ErrorFrame>(await ReceiveAsync(carol)).Code);
    }

    [Fact]
    public async Task A_receipt_request_on_the_accepting_nodes_stream_parity_is_a_protocol_violation()
    {
        StartAlice();
        var id = SentToBob().Message.MessageId;
        var connector = new TlsConnector(_bob, new PinnedPeerVerifier(_alice));
        await using var bob = await connector.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _alicePort), "alice-node").WaitAsync(SafetyNet);
        await SendAsync(bob, new HelloFrame([1], new NativeOffer(NativeFrameCodec.ToWire(DateTimeOffset.UtcNow), NativeLimits.MaxFrameLength, 256, NativeCapabilities.DisplayReadReceipts, [])));
        Assert.IsType<HelloAckFrame>(await ReceiveAsync(bob));
        await SendAsync(bob, new ReceiptFrame(2, NativeFrameCodec.ToWire(id), NativeReceiptState.Read, NativeRefusalReason.None, NativeFrameCodec.ToWire(Now)));
        Assert.Equal(NativeErrorCode.ProtocolViolation, Assert.IsType<ErrorFrame>(await ReceiveAsync(bob)).Code);
        Assert.Equal([ReceiptState.Queued], AliceStates(id));
    }

    private static async Task SendAsync(IFrameChannel channel, NativeFrame frame) => await channel.SendAsync(NativeFrameCodec.Encode(frame)).AsTask().WaitAsync(SafetyNet);

    private static async Task<NativeFrame?> ReceiveAsync(IFrameChannel channel)
    {
        var body = await channel.ReceiveAsync().AsTask().WaitAsync(SafetyNet);
        if (body is null)
        {
            return null;
        }

        var result = NativeFrameCodec.Decode(body, NativeLimits.MaxFrameLength);
        Assert.Equal(NativeReadStatus.Frame, result.Status);
        return result.Frame;
    }

    public async ValueTask DisposeAsync()
    {
        await _dispatcher.DisposeAsync();
        if (_alicePool is not null)
        {
            await _alicePool.DisposeAsync();
        }

        if (_aliceListener is not null)
        {
            await _aliceListener.DisposeAsync();
        }

        await _bobListener.DisposeAsync();
        _bobPipeline.Complete();
        _bobStore.Dispose();
        _aliceStore.Dispose();
        _alice.Dispose();
        _bob.Dispose();
        _carol.Dispose();
        _aliceDir.Dispose();
        _bobDir.Dispose();
    }
}
