using System.Security.Cryptography.X509Certificates;
using Messngr.Daemon.Core;
using Messngr.Daemon.Messages;
using Messngr.Daemon.Native;
using Messngr.Daemon.Tests.Hosting;
using Messngr.Daemon.Tests.Messages;
using Messngr.Wire.Native;

namespace Messngr.Daemon.Tests.Native;

/// <summary>
/// Group commit on the receiving node (docs/native-protocol.md §6.3; issue #13, receiver speed):
/// MESSAGEs that arrive together on a connection — and those of other connections waiting at the
/// same time — are committed in one transaction (one fsync), <em>stored</em> is answered for none
/// of them before that commit returned, and their RECEIPTs leave in one write.
/// </summary>
public sealed class NativeGroupCommitTests : IAsyncDisposable
{
    private static readonly TimeSpan SafetyNet = TlsLoopback.SafetyNet;
    private readonly X509Certificate2 _peer = TlsTestCertificates.Create("alice-node");
    private readonly FakeStore _store = new();
    private readonly MessagePipeline _pipeline;
    private readonly Task _writer;
    private readonly NativeSessionContext _context;
    private readonly List<(ScriptedChannel Channel, Task Session)> _sessions = [];

    public NativeGroupCommitTests()
    {
        _pipeline = new MessagePipeline(new ListenerCounters(), _store);
        _writer = Task.Run(_pipeline.RunAsync);
        NameInfo[] names = [new("BOB", 0x03, false, NameKind.User, NameState.Registered, 1000, null)];
        _context = new NativeSessionContext(to => NativeEndpoint.MatchRecipient(names, to), () => ["BOB"], _pipeline.PublishAsync, DaemonLimits.Default, TimeProvider.System, new CapturingLogger())
        {
            CommitMany = _pipeline.PublishAsync, // as serve wires it (NativeEndpoint)
        };
    }

    [Fact]
    public async Task Messages_that_arrive_together_are_committed_in_one_transaction_and_answered_in_one_write_after_it()
    {
        const int K = 16;
        var channel = await OpenAsync();
        _store.Hold();

        channel.Arrive([.. Enumerable.Range(0, K).Select(i => Message((uint)(2 * i) + 1))]);
        Assert.True(_store.Entered.Wait(SafetyNet));
        Assert.Empty(channel.Sent.OfType<ReceiptFrame>()); // nothing answered while the commit has not returned
        _store.Release();
        await WaitUntil(() => channel.Sent.OfType<ReceiptFrame>().Count() == K);

        // Before the fix each MESSAGE was its own request: the first committed alone, K RECEIPT writes.
        Assert.Equal([K], _store.Batches);
        var answers = Assert.Single(channel.Writes, w => w.Any(f => f is ReceiptFrame));
        Assert.Equal(Enumerable.Range(0, K).Select(i => (uint)(2 * i) + 1), answers.Select(f => f.StreamId));
        Assert.All(answers, f => Assert.Equal(NativeReceiptState.Stored, Assert.IsType<ReceiptFrame>(f).State));
    }

    [Fact]
    public async Task Messages_of_two_connections_waiting_behind_a_commit_share_the_next_one()
    {
        const int K = 20;
        var first = await OpenAsync();
        var second = await OpenAsync();
        _store.Hold();
        first.Arrive(Message(1));
        Assert.True(_store.Entered.Wait(SafetyNet)); // a lone message's commit, held (a slow disk)

        first.Arrive([.. Enumerable.Range(1, K).Select(i => Message((uint)(2 * i) + 1))]);
        second.Arrive([.. Enumerable.Range(0, K).Select(i => Message((uint)(2 * i) + 1))]);
        await WaitUntil(() => _pipeline.Queued == 2 * K);
        Assert.Empty(first.Sent.OfType<ReceiptFrame>().Concat(second.Sent.OfType<ReceiptFrame>()));
        _store.Release();
        await WaitUntil(() => first.Sent.OfType<ReceiptFrame>().Count() == K + 1 && second.Sent.OfType<ReceiptFrame>().Count() == K);

        Assert.Equal([1, 2 * K], _store.Batches);
        Assert.All(first.Sent.OfType<ReceiptFrame>().Concat(second.Sent.OfType<ReceiptFrame>()), r => Assert.Equal(NativeReceiptState.Stored, r.State));
    }

    [Fact]
    public async Task Refused_messages_in_a_batch_are_answered_with_the_stored_ones_and_never_committed()
    {
        var channel = await OpenAsync();
        channel.Arrive(Message(1), Message(3, to: "nobody"), Message(5), Message(7, expires: DateTimeOffset.UtcNow.AddSeconds(-1)));
        await WaitUntil(() => channel.Sent.OfType<ReceiptFrame>().Count() == 4);

        var receipts = channel.Sent.OfType<ReceiptFrame>().ToDictionary(r => r.StreamId);
        Assert.Equal(NativeReceiptState.Stored, receipts[1].State);
        Assert.Equal((NativeReceiptState.Refused, NativeRefusalReason.NotHere), (receipts[3].State, receipts[3].Reason));
        Assert.Equal(NativeReceiptState.Stored, receipts[5].State);
        Assert.Equal((NativeReceiptState.Refused, NativeRefusalReason.Expired), (receipts[7].State, receipts[7].Reason));
        Assert.Equal(2, _store.Batches.Sum());
    }

    private async Task<ScriptedChannel> OpenAsync()
    {
        var channel = new ScriptedChannel(_peer);
        _sessions.Add((channel, NativeSession.ServeAsync(channel, _context, CancellationToken.None)));
        channel.Arrive(new HelloFrame([1], new NativeOffer(NativeFrameCodec.ToWire(DateTimeOffset.UtcNow), NativeLimits.MaxFrameLength, 256, NativeCapabilities.None, [])));
        await WaitUntil(() => channel.Sent.OfType<HelloAckFrame>().Any());
        return channel;
    }

    private static MessageFrame Message(uint stream, string to = "bob", DateTimeOffset? expires = null) =>
        new(stream, NativeFrameCodec.ToWire(MessageId.New()), NativePriority.Normal, false, NativeFrameCodec.ToWire(DateTimeOffset.UtcNow.AddSeconds(-2)),
            expires is { } e ? NativeFrameCodec.ToWire(e) : 0, Guid.Empty, "alice", to, string.Empty, "lunch?");

    /// <summary>Polls (no timing asserted): the safety net only fails a test that would hang.</summary>
    private static async Task WaitUntil(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(SafetyNet);
        while (!condition())
        {
            await Task.Delay(5, limit.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _store.Release();
        foreach (var (channel, session) in _sessions)
        {
            channel.Close();
            await session.WaitAsync(SafetyNet);
            await channel.DisposeAsync();
        }

        _pipeline.Complete();
        await _writer.WaitAsync(SafetyNet);
        _store.Dispose();
    }
}
