using Messngr.Daemon.Listeners;
using Messngr.Wire.DceRpc;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Listeners;

public sealed class RpcListenerTests : IAsyncLifetime
{
    private readonly ListenerFixture _fixture = new("HOSTB", "LAB", "BOB");
    private readonly LoopbackUdp _client = new();
    private RpcListener _listener = null!;

    public Task InitializeAsync()
    {
        _listener = new RpcListener(ListenerFixture.AnyPort, _fixture.Names, _fixture.Pipeline, _fixture.Counters, ListenerFixture.Logger);
        _listener.Start(CancellationToken.None);
        Assert.True(_listener.Status.Bound, _listener.Status.Error);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _listener.DisposeAsync();
    }

    private async Task<ClPdu?> CallAsync(ClPdu request)
    {
        _client.Send(request.ToArray(), _listener.BoundPort);
        var reply = await _client.ReceiveAsync(1000);
        if (reply is null)
        {
            return null;
        }

        Assert.True(ClPdu.TryParse(reply, out var pdu, out var error), error.ToString());
        return pdu;
    }

    [Fact]
    public async Task NetrSendMessage_to_our_name_is_delivered_and_answered_with_success()
    {
        var request = NetrSendMessage.CreateRequestPdu(NetrSendMessageRequest.Create("ALICE", "bob", "Hello over ncadg_ip_udp"));
        var reply = await CallAsync(request);
        Assert.NotNull(reply);
        Assert.Equal(ClPacketType.Response, reply.PacketType);
        Assert.Equal(request.Header.ActivityId, reply.Header.ActivityId);
        Assert.True(NetrSendMessage.TryParseResponse(reply, out var status));
        Assert.Equal(MsrpStatus.NERR_Success, status);
        var message = await _fixture.NextMessageAsync();
        Assert.Equal(("ALICE", "BOB", "Hello over ncadg_ip_udp", MessageTransport.Rpc), (message!.From, message.To, message.Text, message.Transport));
    }

    [Fact]
    public async Task A_retransmitted_call_gets_the_same_answer_and_is_stored_once()
    {
        var request = NetrSendMessage.CreateRequestPdu(NetrSendMessageRequest.Create("ALICE", "bob", "only once"));
        var first = await CallAsync(request);
        Assert.NotNull(await _fixture.NextMessageAsync());
        var again = await CallAsync(request);
        Assert.NotNull(again);
        Assert.Equal(first!.ToArray(), again.ToArray());
        Assert.Null(await _fixture.NextMessageAsync(500));

        // the next call of the same activity is a new message
        var next = NetrSendMessage.CreateRequestPdu(NetrSendMessageRequest.Create("ALICE", "bob", "the next one"));
        await CallAsync(new ClPdu(request.Header with { SequenceNumber = request.Header.SequenceNumber + 1 }, next.Body.Span));
        Assert.Equal("the next one", (await _fixture.NextMessageAsync())!.Text);
    }

    [Fact]
    public void The_call_cache_forgets_the_oldest_calls_beyond_its_capacity()
    {
        var cache = new RpcCallCache();
        var first = Guid.NewGuid();
        Assert.Equal(CallState.New, cache.Begin(first, 0, out _));
        cache.Complete(first, 0, [1, 2, 3]);
        Assert.Equal(CallState.Answered, cache.Begin(first, 0, out var cached));
        Assert.Equal([1, 2, 3], cached);
        for (var i = 0; i < DaemonLimits.Default.RpcCallCacheCapacity; i++)
        {
            cache.Begin(Guid.NewGuid(), 0, out _);
        }

        Assert.Equal(DaemonLimits.Default.RpcCallCacheCapacity, cache.Count);
        Assert.Equal(CallState.New, cache.Begin(first, 0, out _));
    }

    [Fact]
    public async Task NetrSendMessage_to_a_foreign_name_is_answered_name_not_found()
    {
        var reply = await CallAsync(NetrSendMessage.CreateRequestPdu(NetrSendMessageRequest.Create("ALICE", "CAROL", "hi")));
        Assert.True(NetrSendMessage.TryParseResponse(reply!, out var status));
        Assert.Equal(MsrpStatus.NERR_NameNotFound, status);
    }

    [Fact]
    public async Task A_call_to_another_opnum_is_rejected_per_the_spec()
    {
        var request = NetrSendMessage.CreateRequestPdu(NetrSendMessageRequest.Create("A", "HOSTB", "x"));
        var other = new ClPdu(request.Header with { OperationNumber = 5 }, request.Body.Span);
        var reply = await CallAsync(other);
        Assert.Equal(ClPacketType.Reject, reply!.PacketType);
        Assert.True(reply.TryGetStatus(out var nca));
        Assert.Equal(NcaStatus.nca_s_op_rng_error, nca);
    }

    [Fact]
    public async Task Garbage_gets_no_reply()
    {
        _client.Send(new byte[100], _listener.BoundPort);
        Assert.Null(await _client.ReceiveAsync(300));
        Assert.Equal(1, _fixture.Counters.Malformed);
    }

    private static ClPdu Fragment(ClPdu request, ushort number, ClFlags1 extra, ReadOnlySpan<byte> body) =>
        new(request.Header with { Flags1 = ClFlags1.Idempotent | ClFlags1.NoFack | ClFlags1.Fragment | extra, FragmentNumber = number }, body);

    [Fact]
    public async Task A_fragment_beyond_the_per_call_bound_is_faulted_nca_s_fault_remote_no_memory()
    {
        var request = NetrSendMessage.CreateRequestPdu(NetrSendMessageRequest.Create("ALICE", "bob", "too many"));
        var reply = await CallAsync(Fragment(request, (ushort)DaemonLimits.Default.RpcMaxFragmentsPerCall, ClFlags1.None, request.Body.Span));
        Assert.Equal(ClPacketType.Fault, reply!.PacketType);
        Assert.True(reply.TryGetStatus(out var status));
        Assert.Equal(NcaStatus.nca_s_fault_remote_no_memory, status);
    }

    [Fact]
    public async Task Contradicting_fragments_are_rejected_nca_s_proto_error()
    {
        var request = NetrSendMessage.CreateRequestPdu(NetrSendMessageRequest.Create("ALICE", "bob", "contradiction"));
        var body = request.Body.ToArray();
        _client.Send(Fragment(request, 2, ClFlags1.LastFragment, body.AsSpan(0, 4)).ToArray(), _listener.BoundPort);
        var reply = await CallAsync(Fragment(request, 3, ClFlags1.None, body.AsSpan(4, 4)));
        Assert.Equal(ClPacketType.Reject, reply!.PacketType);
        Assert.True(reply.TryGetStatus(out var status));
        Assert.Equal(NcaStatus.nca_s_proto_error, status);
    }

    [Fact]
    public async Task A_ping_while_fragments_arrive_gets_nocall_saying_which()
    {
        var request = NetrSendMessage.CreateRequestPdu(NetrSendMessageRequest.Create("ALICE", "bob", "partial"));
        var body = request.Body.ToArray();
        _client.Send(Fragment(request, 1, ClFlags1.None, body.AsSpan(0, 4)).ToArray(), _listener.BoundPort);
        var reply = await CallAsync(ClPdu.Empty(request.Header with { PacketType = ClPacketType.Ping, Flags1 = ClFlags1.Idempotent }));
        Assert.Equal(ClPacketType.Nocall, reply!.PacketType);
        Assert.Equal(0xFFFF, reply.Header.FragmentNumber);
        Assert.True(reply.TryGetBody<ClFackBody>(out var fack));
        Assert.Equal([0b10u], fack!.SelectiveAcks); // fragment 1 = 0xFFFF + 1 + bit 1
    }

    [Fact]
    public void The_call_cache_calls_an_older_sequence_number_of_an_activity_stale()
    {
        var cache = new RpcCallCache();
        var activity = Guid.NewGuid();
        Assert.Equal(CallState.New, cache.Begin(activity, 5, out _));
        Assert.Equal(CallState.Stale, cache.Begin(activity, 3, out _));
        Assert.Equal(CallState.Stale, cache.Lookup(activity, 4, out _));
        Assert.Equal(CallState.Running, cache.Lookup(activity, 5, out _));
        Assert.Equal(CallState.New, cache.Lookup(activity, 6, out _));
        Assert.Equal(CallState.New, cache.Begin(activity, 6, out _));
    }
}
