using System.Net;
using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Core;
using Messngr.Daemon.Messages;
using Messngr.Daemon.Native;
using Messngr.Daemon.Store;
using Messngr.Daemon.Tests.Hosting;
using Messngr.Daemon.Tests.Users;
using Messngr.Wire.Native;

namespace Messngr.Daemon.Tests.Native;

/// <summary>
/// The pipelined native client (issue #13, item 8; docs/native-protocol.md §3, §6): many sends at
/// once over one kept connection per peer, one HELLO, answers matched by stream id in any order,
/// the peer's MAX-IN-FLIGHT respected, and a connection that fails failing every waiting send.
/// </summary>
public sealed class NativePipeliningTests : IAsyncDisposable
{
    private static readonly TimeSpan SafetyNet = TlsLoopback.SafetyNet;
    private readonly TempDirectory _senderDir = new();
    private readonly X509Certificate2 _alice = TlsTestCertificates.Create("alice-node");
    private readonly X509Certificate2 _bob = TlsTestCertificates.Create("bob-node");
    private readonly CapturingLogger _log = new();
    private readonly SqliteMessageStore _outbox;
    private readonly TlsConnectionPool _pool;
    private readonly NativeSender _sender;

    public NativePipeliningTests()
    {
        _outbox = new SqliteMessageStore(_senderDir.Path);
        _pool = new TlsConnectionPool(new TlsConnector(_alice, new PinnedPeerVerifier(_bob)));
        _sender = new NativeSender(_pool, _outbox, DaemonLimits.Default, TimeProvider.System, _log);
    }

    [Fact]
    public async Task A_hundred_concurrent_sends_go_over_one_connection_with_one_HELLO_and_are_all_stored()
    {
        await using var receiver = new RealReceiver(_alice, _bob, _log, DaemonLimits.Default);
        var messages = Enumerable.Range(0, 100).Select(i => Message($"m{i}")).ToList();

        var results = await Task.WhenAll(messages.Select(m => Task.Run(() => _sender.SendAsync(receiver.EndPoint, m, CancellationToken.None)))).WaitAsync(SafetyNet);

        Assert.All(results, r => Assert.Equal(NativeSendOutcome.Delivered, r.Outcome));
        Assert.Equal(1, receiver.Sessions); // one session per connection, each opened by exactly one HELLO
        Assert.Equal(1, _pool.Count);
        Assert.Equal(messages.Select(m => m.Id).Order(), receiver.Inbox.History(1000).Select(h => h.Message.MessageId).Order());
        Assert.All(messages, m => Assert.Equal(ReceiptState.Stored, _outbox.ReceiptsFor(m.Id)[^1].State));
    }

    [Fact]
    public async Task A_receiver_at_its_max_in_flight_takes_the_next_request_as_soon_as_its_answer_is_out()
    {
        // §6.3: the answer frees the sender's slot, so the receiver must count the stream closed
        // before the answer leaves, or a sender that fills the window is refused too-many-in-flight.
        await using var receiver = new RealReceiver(_alice, _bob, _log, DaemonLimits.Default with { NativeMaxInFlight = 1 });
        var messages = Enumerable.Range(0, 200).Select(i => Message($"m{i}")).ToList();

        var results = await Task.WhenAll(messages.Select(m => _sender.SendAsync(receiver.EndPoint, m, CancellationToken.None))).WaitAsync(SafetyNet);

        Assert.All(results, r => Assert.Equal(NativeSendOutcome.Delivered, r.Outcome));
        Assert.Equal(1, receiver.Sessions);
    }

    [Fact]
    public async Task Answers_that_come_in_reverse_order_are_matched_to_their_sends_by_stream_id()
    {
        const int Count = 10;
        await using var receiver = new FakeNativeReceiver(_bob, _alice, async (peer, _) =>
        {
            await peer.GreetAsync();
            var received = new List<MessageFrame>();
            while (received.Count < Count)
            {
                received.Add(Assert.IsType<MessageFrame>(await peer.ReadAsync()));
            }

            received.Reverse();
            foreach (var message in received)
            {
                await peer.SendAsync(message.Text == "refuse me"
                    ? FakePeer.Refused(message, NativeRefusalReason.Policy, $"no {message.Text}")
                    : FakePeer.Stored(message));
            }

            await peer.ReadAsync(); // until the client leaves
        });
        var messages = Enumerable.Range(0, Count).Select(i => Message(i % 3 == 0 ? "refuse me" : $"m{i}")).ToList();

        var results = await Task.WhenAll(messages.Select(m => _sender.SendAsync(receiver.EndPoint, m, CancellationToken.None))).WaitAsync(SafetyNet);

        for (var i = 0; i < Count; i++)
        {
            Assert.Equal(i % 3 == 0 ? NativeSendOutcome.Refused : NativeSendOutcome.Delivered, results[i].Outcome);
            Assert.Equal(i % 3 == 0 ? ReceiptState.Failed : ReceiptState.Stored, _outbox.ReceiptsFor(messages[i].Id)[^1].State);
        }

        Assert.Equal(1, receiver.Connections);
    }

    [Fact]
    public async Task A_peer_that_advertises_max_in_flight_2_never_has_more_than_2_unanswered_requests()
    {
        const int Count = 9;
        var most = 0;
        await using var receiver = new FakeNativeReceiver(_bob, _alice, async (peer, _) =>
        {
            await peer.GreetAsync(maxInFlight: 2);
            var unanswered = new List<MessageFrame>();
            var total = 0;
            while (total < Count)
            {
                unanswered.Add(Assert.IsType<MessageFrame>(await peer.ReadAsync()));
                total++;
                most = Math.Max(most, unanswered.Count);
                if (unanswered.Count == 2 || total == Count)
                {
                    // Both slots taken: answer them (the newest first), which lets two more in.
                    foreach (var message in Enumerable.Reverse(unanswered))
                    {
                        await peer.SendAsync(FakePeer.Stored(message));
                    }

                    unanswered.Clear();
                }
            }

            await peer.ReadAsync();
        });
        var messages = Enumerable.Range(0, Count).Select(i => Message($"m{i}")).ToList();

        var results = await Task.WhenAll(messages.Select(m => _sender.SendAsync(receiver.EndPoint, m, CancellationToken.None))).WaitAsync(SafetyNet);

        Assert.All(results, r => Assert.Equal(NativeSendOutcome.Delivered, r.Outcome));
        Assert.Equal(2, most);
    }

    [Fact]
    public async Task An_answer_for_a_stream_with_no_request_is_a_protocol_violation_that_fails_the_waiting_sends()
    {
        var error = new TaskCompletionSource<NativeFrame?>();
        await using var receiver = new FakeNativeReceiver(_bob, _alice, async (peer, _) =>
        {
            await peer.GreetAsync();
            var first = Assert.IsType<MessageFrame>(await peer.ReadAsync());
            var second = Assert.IsType<MessageFrame>(await peer.ReadAsync());
            await peer.SendAsync(FakePeer.Stored(first) with { }); // a real answer is fine …
            await peer.SendAsync(new ReceiptFrame(first.StreamId + 100, second.MessageId, NativeReceiptState.Stored, NativeRefusalReason.None, 1)); // … this one answers nothing
            error.TrySetResult(await peer.ReadAsync());
        });
        var messages = new[] { Message("a"), Message("b") };

        var results = await Task.WhenAll(messages.Select(m => _sender.SendAsync(receiver.EndPoint, m, CancellationToken.None))).WaitAsync(SafetyNet);

        Assert.Equal(NativeSendOutcome.Delivered, results[0].Outcome);
        Assert.Equal(NativeSendOutcome.ProtocolError, results[1].Outcome);
        Assert.Contains("no request", results[1].Detail, StringComparison.Ordinal);
        var sent = Assert.IsType<ErrorFrame>(await error.Task.WaitAsync(SafetyNet));
        Assert.Equal(NativeErrorCode.ProtocolViolation, sent.Code);
        await WaitUntilAsync(() => _pool.Count == 0);
    }

    [Fact]
    public async Task ERROR_from_the_peer_fails_every_waiting_send_and_the_next_send_reconnects()
    {
        await using var receiver = new FakeNativeReceiver(_bob, _alice, async (peer, number) =>
        {
            await peer.GreetAsync();
            if (number == 1)
            {
                for (var i = 0; i < 3; i++)
                {
                    Assert.IsType<MessageFrame>(await peer.ReadAsync());
                }

                await peer.SendAsync(new ErrorFrame(0, NativeErrorCode.Internal, "going down"));
                return;
            }

            var message = Assert.IsType<MessageFrame>(await peer.ReadAsync());
            await peer.SendAsync(FakePeer.Stored(message));
            await peer.ReadAsync();
        });

        var failed = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => _sender.SendAsync(receiver.EndPoint, Message($"m{i}"), CancellationToken.None))).WaitAsync(SafetyNet);
        Assert.All(failed, r => Assert.Equal(NativeSendOutcome.ProtocolError, r.Outcome));
        Assert.All(failed, r => Assert.Contains("ERROR Internal", r.Detail, StringComparison.Ordinal));

        await WaitUntilAsync(() => _pool.Count == 0);
        var again = await _sender.SendAsync(receiver.EndPoint, Message("again"), CancellationToken.None).WaitAsync(SafetyNet);
        Assert.Equal(NativeSendOutcome.Delivered, again.Outcome);
        Assert.Equal(2, receiver.Connections);
    }

    [Fact]
    public async Task A_connection_lost_mid_flight_fails_every_waiting_send_as_unreachable()
    {
        await using var receiver = new FakeNativeReceiver(_bob, _alice, async (peer, _) =>
        {
            await peer.GreetAsync();
            for (var i = 0; i < 4; i++)
            {
                Assert.IsType<MessageFrame>(await peer.ReadAsync());
            }

            await peer.Channel.DisposeAsync(); // gone without an answer
        });

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => _sender.SendAsync(receiver.EndPoint, Message($"m{i}"), CancellationToken.None))).WaitAsync(SafetyNet);

        Assert.All(results, r => Assert.Equal(NativeSendOutcome.Unreachable, r.Outcome));
        await WaitUntilAsync(() => _pool.Count == 0);
    }

    [Fact]
    public async Task A_peer_that_says_GOODBYE_still_answers_what_is_outstanding_and_new_sends_use_a_new_connection()
    {
        var secondReady = new TaskCompletionSource();
        await using var receiver = new FakeNativeReceiver(_bob, _alice, async (peer, number) =>
        {
            await peer.GreetAsync();
            var message = Assert.IsType<MessageFrame>(await peer.ReadAsync());
            if (number == 1)
            {
                await peer.SendAsync(new GoodbyeFrame(NativeGoodbyeReason.Idle));
                await secondReady.Task; // the answer comes after a send on a new connection was made
            }

            await peer.SendAsync(FakePeer.Stored(message));
            await peer.ReadAsync();
        });

        var first = _sender.SendAsync(receiver.EndPoint, Message("first"), CancellationToken.None);
        await WaitUntilAsync(() => _pool.Count == 0); // GOODBYE: the pool forgets the connection
        var second = await _sender.SendAsync(receiver.EndPoint, Message("second"), CancellationToken.None).WaitAsync(SafetyNet);
        secondReady.SetResult();

        Assert.Equal(NativeSendOutcome.Delivered, second.Outcome);
        Assert.Equal(NativeSendOutcome.Delivered, (await first.WaitAsync(SafetyNet)).Outcome);
        Assert.Equal(2, receiver.Connections);
    }

    [Fact]
    public async Task A_send_written_but_never_answered_times_out_and_its_connection_is_not_reused()
    {
        var limits = DaemonLimits.Default with { NativeSendTimeout = TimeSpan.FromSeconds(1) };
        var sender = new NativeSender(_pool, _outbox, limits, TimeProvider.System, _log);
        await using var receiver = new FakeNativeReceiver(_bob, _alice, async (peer, number) =>
        {
            await peer.GreetAsync();
            var message = Assert.IsType<MessageFrame>(await peer.ReadAsync());
            if (number > 1)
            {
                await peer.SendAsync(FakePeer.Stored(message));
            }

            await peer.ReadAsync(); // the first connection never answers
        });

        var silent = await sender.SendAsync(receiver.EndPoint, Message("one"), CancellationToken.None).WaitAsync(SafetyNet);
        Assert.Equal(NativeSendOutcome.TimedOut, silent.Outcome);
        await WaitUntilAsync(() => _pool.Count == 0);

        Assert.Equal(NativeSendOutcome.Delivered, (await sender.SendAsync(receiver.EndPoint, Message("two"), CancellationToken.None).WaitAsync(SafetyNet)).Outcome);
        Assert.Equal(2, receiver.Connections);
    }

    [Fact]
    public async Task A_message_that_does_not_fit_the_protocol_is_refused_invalid_and_the_connection_stays_usable()
    {
        await using var receiver = new RealReceiver(_alice, _bob, _log, DaemonLimits.Default);
        var tooLong = new OutgoingMessage(MessageId.New(), new string('B', 65), "alice", 1000, "hi", DateTimeOffset.UtcNow);

        var refused = await _sender.SendAsync(receiver.EndPoint, tooLong, CancellationToken.None).WaitAsync(SafetyNet);

        Assert.Equal((NativeSendOutcome.Refused, NativeRefusalReason.Invalid), (refused.Outcome, refused.Reason));
        Assert.Equal(ReceiptState.Failed, _outbox.ReceiptsFor(tooLong.Id)[^1].State);
        Assert.Equal(NativeSendOutcome.Delivered, (await _sender.SendAsync(receiver.EndPoint, Message("fine"), CancellationToken.None).WaitAsync(SafetyNet)).Outcome);
        Assert.Equal(1, receiver.Sessions);
    }

    [Fact]
    public async Task Goodbye_sends_GOODBYE_shutting_down_on_kept_connections()
    {
        var goodbye = new TaskCompletionSource<NativeFrame?>();
        await using var receiver = new FakeNativeReceiver(_bob, _alice, async (peer, _) =>
        {
            await peer.GreetAsync();
            await peer.SendAsync(FakePeer.Stored(Assert.IsType<MessageFrame>(await peer.ReadAsync())));
            goodbye.TrySetResult(await peer.ReadAsync());
        });
        Assert.Equal(NativeSendOutcome.Delivered, (await _sender.SendAsync(receiver.EndPoint, Message("hi"), CancellationToken.None).WaitAsync(SafetyNet)).Outcome);

        await _sender.GoodbyeAsync(NativeGoodbyeReason.ShuttingDown, CancellationToken.None).WaitAsync(SafetyNet);

        Assert.Equal(NativeGoodbyeReason.ShuttingDown, Assert.IsType<GoodbyeFrame>(await goodbye.Task.WaitAsync(SafetyNet)).Reason);
    }

    public async ValueTask DisposeAsync()
    {
        await _pool.DisposeAsync();
        _sender.Dispose();
        _outbox.Dispose();
        _alice.Dispose();
        _bob.Dispose();
        _senderDir.Dispose();
    }

    private static OutgoingMessage Message(string text) => new(MessageId.New(), "BOB", "alice", 1000, text, DateTimeOffset.UtcNow);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + SafetyNet;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition never held");
            await Task.Delay(20);
        }
    }
}
