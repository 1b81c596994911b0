using System.Net;
using Messngr.Daemon.Listeners;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;

namespace Messngr.Daemon.Tests.Listeners;

public sealed class NameServiceListenerTests : IAsyncLifetime
{
    private readonly ListenerFixture _fixture = new("HOSTB", "LAB", "ALICE");
    private NameServiceListener _listener = null!;
    private readonly LoopbackUdp _client = new();

    public Task InitializeAsync()
    {
        _listener = new NameServiceListener(ListenerFixture.AnyPort, _fixture.Names, _fixture.Counters, ListenerFixture.Logger);
        _listener.Start(CancellationToken.None);
        Assert.True(_listener.Status.Bound, _listener.Status.Error);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _listener.DisposeAsync();
    }

    /// <summary>
    /// Sends <paramref name="request"/> and waits for the reply: up to <paramref name="waitMs"/> —
    /// a generous safety net where an answer is due (a loaded machine may take more than a second),
    /// 1 s where none may come.
    /// </summary>
    private async Task<NbnsPacket?> AskAsync(NbnsPacket request, int waitMs = 30_000)
    {
        _client.Send(request.ToArray(), _listener.BoundPort);
        var reply = await _client.ReceiveAsync(waitMs);
        if (reply is null)
        {
            return null;
        }

        Assert.True(NbnsPacket.TryParse(reply, out var packet, out var error), error.ToString());
        return packet;
    }

    [Theory]
    [InlineData("HOSTB", 0x03, false)]
    [InlineData("hostb", 0x00, false)]
    [InlineData("ALICE", 0x03, false)]
    [InlineData("LAB", 0x00, true)]
    public async Task Query_for_our_name_gets_a_positive_response_with_our_address(string name, byte suffix, bool group)
    {
        var reply = await AskAsync(NbnsPackets.NameQuery(0x4242, NetBiosName.Create(name, suffix), broadcast: true));
        Assert.NotNull(reply);
        Assert.Equal(0x4242, reply.TransactionId);
        Assert.True(reply.Flags.IsResponse);
        Assert.Equal(NbnsRcode.OK, reply.Flags.Rcode);
        var rdata = Assert.IsType<NbRData>(reply.Answer!.Data);
        Assert.Equal(IPAddress.Loopback, rdata.Entries[0].Address);
        Assert.Equal(group, rdata.Entries[0].Flags.IsGroup);
    }

    [Fact]
    public async Task Query_for_a_name_we_do_not_hold_gets_no_reply_when_it_asks_recursion()
    {
        Assert.Null(await AskAsync(NbnsPackets.NameQuery(1, NetBiosName.Create("NOSUCH", 3), broadcast: false), waitMs: 1000));
        Assert.Equal(1, _fixture.Counters.Ignored);
    }

    [Fact]
    public async Task Unicast_query_without_recursion_for_a_name_we_do_not_hold_gets_nam_err()
    {
        var reply = await AskAsync(NbnsPackets.NameQuery(2, NetBiosName.Create("NOSUCH", 3), broadcast: false, recursionDesired: false));
        Assert.NotNull(reply);
        Assert.Equal((2, NbnsRcode.NAM_ERR), (reply.TransactionId, reply.Flags.Rcode));
    }

    [Fact]
    public async Task Node_status_lists_the_whole_name_table()
    {
        var reply = await AskAsync(NbnsPackets.NodeStatusRequest(7));
        Assert.NotNull(reply);
        var status = Assert.IsType<NodeStatusRData>(reply.Answer!.Data);
        var names = status.Names.Select(n => n.Name.ToString()).ToList();
        Assert.Equal(["HOSTB<00>", "HOSTB<03>", "ALICE<03>", "LAB<00>"], names);
        Assert.True(status.Names.Single(n => n.Name.ToString() == "LAB<00>").Flags.IsGroup);
        Assert.All(status.Names, n => Assert.True(n.Flags.IsActive));
    }

    [Fact]
    public async Task Garbage_is_counted_and_never_answered()
    {
        _client.Send([0x12, 0x34, 0xFF], _listener.BoundPort);
        _client.Send(new byte[600], _listener.BoundPort);
        Assert.Null(await _client.ReceiveAsync(500));
        Assert.Equal((2L, 2L), (_fixture.Counters.Received, _fixture.Counters.Malformed));
        // Still answering afterwards.
        Assert.NotNull(await AskAsync(NbnsPackets.NameQuery(2, NetBiosName.Create("HOSTB", 3), broadcast: false)));
    }

    [Fact]
    public async Task Responses_are_never_answered()
    {
        var response = NbnsPackets.NegativeQueryResponse(3, NetBiosName.Create("HOSTB", 3));
        Assert.Null(await AskAsync(response, waitMs: 1000));
    }
}
