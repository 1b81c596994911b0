using System.Net;
using Messngr.Daemon.Listeners;
using Messngr.Wire.NetBios;
using Messngr.Wire.Smb1.Mailslot;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Listeners;

public sealed class DatagramListenerTests : IAsyncLifetime
{
    private readonly ListenerFixture _fixture = new("HOSTB", "LAB");
    private readonly LoopbackUdp _client = new();
    private DatagramListener _listener = null!;

    public Task InitializeAsync()
    {
        _listener = new DatagramListener(ListenerFixture.AnyPort, _fixture.Names, _fixture.Pipeline, _fixture.Counters, ListenerFixture.Logger);
        _listener.Start(CancellationToken.None);
        Assert.True(_listener.Status.Bound, _listener.Status.Error);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _listener.DisposeAsync();
    }

    private static readonly NetBiosName Sender = NetBiosName.Create("CLIENTA", 0);

    [Fact]
    public async Task Directed_mailslot_message_to_our_messenger_name_is_accepted()
    {
        var message = MessengerMailslotMessage.Create("alice", "HOSTB", "Grüße\r\nzweite Zeile");
        var datagram = MessengerDatagram.CreateDirected(Sender, IPAddress.Loopback, NetBiosName.Create("HOSTB", 3), message, 0x4242);
        _client.Send(datagram.ToArray(), _listener.BoundPort);
        var received = await _fixture.NextMessageAsync();
        Assert.NotNull(received);
        Assert.Equal("alice", received.From);
        Assert.Equal("HOSTB", received.To);
        Assert.Equal("Grüße\nzweite Zeile", received.Text);
        Assert.Equal(MessageTransport.Mailslot, received.Transport);
        Assert.False(received.Authenticated);
        Assert.Null(await _client.ReceiveAsync(200)); // the datagram service never answers
    }

    [Fact]
    public async Task Workgroup_broadcast_is_accepted()
    {
        var message = MessengerMailslotMessage.Create("alice", "LAB", "server down in 5 min");
        var datagram = MessengerDatagram.CreateGroupBroadcast(Sender, IPAddress.Loopback, NetBiosName.Create("LAB", 0), message, 0x4243);
        _client.Send(datagram.ToArray(), _listener.BoundPort);
        var received = await _fixture.NextMessageAsync();
        Assert.Equal("server down in 5 min", received?.Text);
    }

    [Fact]
    public async Task Messages_for_other_names_and_workgroups_are_ignored()
    {
        var other = MessengerDatagram.CreateDirected(Sender, IPAddress.Loopback, NetBiosName.Create("OTHERPC", 3), MessengerMailslotMessage.Create("a", "OTHERPC", "x"), 1);
        var otherGroup = MessengerDatagram.CreateGroupBroadcast(Sender, IPAddress.Loopback, NetBiosName.Create("ELSE", 0), MessengerMailslotMessage.Create("a", "ELSE", "x"), 2);
        _client.Send(other.ToArray(), _listener.BoundPort);
        _client.Send(otherGroup.ToArray(), _listener.BoundPort);
        Assert.Null(await _fixture.NextMessageAsync(500));
        Assert.Equal(2, _fixture.Counters.Ignored);
    }

    [Fact]
    public async Task Garbage_is_counted_as_malformed()
    {
        _client.Send([0x10, 0x02, 0x00], _listener.BoundPort);
        Assert.Null(await _fixture.NextMessageAsync(300));
        Assert.Equal(1, _fixture.Counters.Malformed);
    }
}
