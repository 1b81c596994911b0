using System.Net;
using Messngr.Daemon.Listeners;
using System.Text;
using Messngr.Wire;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.DatagramService;
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

    // ── Issue #11, items 9 and 10 (docs/classic-conformance.md) ──────────────────────────────

    private static byte[] Datagram(NbdsMessageType type, NetBiosName destination, byte[] payload) => new NbdsDatagram
    {
        MessageType = type,
        SourceName = Sender,
        SourceIp = IPAddress.Loopback,
        DestinationName = destination,
        UserData = WirePacket.ToArray(MailslotWrite.Create(MailslotWrite.MessengerName, payload)),
    }.ToArray();

    private static byte[] Payload(string to, string text, params byte[] trailing) => [.. Encoding.ASCII.GetBytes($"alice\0{to}\0{text}\0"), .. trailing];

    [Theory]
    [InlineData("LAB", 0x1E)]
    [InlineData("LAB", 0x1D)]
    [InlineData("LAB", 0x1B)]
    [InlineData("LAB", 0x20)]
    [InlineData("LAB", 0x03)]
    [InlineData("LAB", 0x1C)]
    [InlineData("*", 0x00)]
    public async Task Group_datagrams_to_groups_we_never_registered_are_ignored(string name, byte suffix)
    {
        _client.Send(Datagram(NbdsMessageType.DIRECT_GROUP_DATAGRAM, NetBiosName.Create(name, suffix), Payload("LAB", "not for us")), _listener.BoundPort);
        _client.Send(Datagram(NbdsMessageType.DIRECT_GROUP_DATAGRAM, NetBiosName.Create(name, suffix), Payload("HOSTB", "not for us either")), _listener.BoundPort);
        Assert.Null(await _fixture.NextMessageAsync(500));
        Assert.Equal(2, _fixture.Counters.Ignored);
    }

    [Theory]
    [InlineData("LAB", 0x00, "LAB")]
    [InlineData("HOSTB", 0x03, "HOSTB")]
    public async Task Group_datagrams_to_a_name_we_hold_are_accepted(string name, byte suffix, string to)
    {
        _client.Send(Datagram(NbdsMessageType.DIRECT_GROUP_DATAGRAM, NetBiosName.Create(name, suffix), Payload(to, "for us")), _listener.BoundPort);
        Assert.Equal(to, (await _fixture.NextMessageAsync())?.To);
    }

    [Theory]
    [InlineData("*", 0x00)]
    [InlineData("LAB", 0x00)]
    [InlineData("LAB", 0x1E)]
    [InlineData("ELSEWHERE", 0x00)]
    public async Task Broadcast_datagrams_are_judged_by_the_payload_To_whatever_their_destination(string name, byte suffix)
    {
        var destination = NetBiosName.Create(name, suffix);
        _client.Send(Datagram(NbdsMessageType.BROADCAST_DATAGRAM, destination, Payload("OTHERPC", "for another host")), _listener.BoundPort);
        _client.Send(Datagram(NbdsMessageType.BROADCAST_DATAGRAM, destination, Payload("HOSTB", "for us")), _listener.BoundPort);
        var received = await _fixture.NextMessageAsync();
        Assert.Equal(("HOSTB", "for us"), (received?.To, received?.Text));
        _client.Send(Datagram(NbdsMessageType.BROADCAST_DATAGRAM, destination, Payload("LAB", "to the workgroup")), _listener.BoundPort);
        received = await _fixture.NextMessageAsync();
        Assert.Equal(("LAB", "to the workgroup"), (received?.To, received?.Text));
        Assert.Equal(1, _fixture.Counters.Ignored);
    }

    [Theory]
    [InlineData(new byte[] { 0 })]
    [InlineData(new byte[] { 0, 0, 0 })]
    [InlineData(new byte[] { 0x78, 0x79, 0, 0xFF })]
    public async Task Trailing_bytes_after_the_text_nul_are_accepted_and_counted(byte[] trailing)
    {
        var bytes = Datagram(NbdsMessageType.DIRECT_UNIQUE_DATAGRAM, NetBiosName.Create("HOSTB", 3), Payload("HOSTB", "hello", trailing));
        _client.Send(bytes, _listener.BoundPort);
        var received = await _fixture.NextMessageAsync();
        Assert.Equal("hello", received?.Text);
        Assert.Equal(1, _fixture.Counters.ToleratedTrailingBytes);
        Assert.Equal(1, _fixture.Counters.Snapshot()[ListenerCounters.ToleratedTrailingBytesName]);
        Assert.Equal(0, _fixture.Counters.Malformed);
    }

    [Fact]
    public async Task A_clean_message_counts_no_trailing_bytes()
    {
        _client.Send(Datagram(NbdsMessageType.DIRECT_UNIQUE_DATAGRAM, NetBiosName.Create("HOSTB", 3), Payload("HOSTB", "clean")), _listener.BoundPort);
        Assert.Equal("clean", (await _fixture.NextMessageAsync())?.Text);
        Assert.Equal(0, _fixture.Counters.ToleratedTrailingBytes);
    }
}
