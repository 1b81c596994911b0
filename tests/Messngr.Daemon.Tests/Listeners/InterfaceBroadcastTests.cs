using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Messngr.Daemon.Listeners;
using Messngr.Daemon.Names;
using Messngr.Daemon.Tests.Names;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;
using Messngr.Wire.Smb1.Mailslot;

namespace Messngr.Daemon.Tests.Listeners;

/// <summary>
/// Bound to one interface (<c>--interface</c>), UDP 137 and 138 still hear that subnet's
/// broadcasts through a second socket on the broadcast address (Samba's <c>bind interfaces
/// only</c>). Loopback shows the kernel rule the fix works around: a datagram to 127.255.255.255
/// reaches a socket bound to that address, never one bound to 127.0.0.1.
/// </summary>
public sealed class InterfaceBroadcastTests
{
    private static readonly IPAddress LoopbackBroadcast = IPAddress.Parse("127.255.255.255");

    private static readonly NetBiosName Sender = NetBiosName.Create("CLIENTA", 0);

    [Fact]
    public async Task Name_query_broadcast_on_the_bound_interface_is_answered_from_its_unicast_address()
    {
        var fixture = new ListenerFixture("HOSTB", "LAB");
        await using var listener = new NameServiceListener(ListenerFixture.AnyPort, fixture.Names, fixture.Counters, ListenerFixture.Logger) { BroadcastAddress = LoopbackBroadcast };
        listener.Start(CancellationToken.None);
        Assert.True(listener.Status.Bound, listener.Status.Error);
        Assert.Equal($"127.0.0.1:{listener.BoundPort}", listener.Status.EndPoint);

        using var client = BroadcastClient();
        client.Send(NbnsPackets.NameQuery(0x4242, NetBiosName.Create("HOSTB", 3), broadcast: true).ToArray(), new IPEndPoint(LoopbackBroadcast, listener.BoundPort));
        var reply = await ReceiveAsync(client);

        Assert.NotNull(reply);
        // The answer leaves from the unicast socket, so the querier sees our own address as its source.
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, listener.BoundPort), reply.Value.RemoteEndPoint);
        Assert.True(NbnsPacket.TryParse(reply.Value.Buffer, out var packet, out var error), error.ToString());
        Assert.Equal(0x4242, packet!.TransactionId);
        Assert.Equal(IPAddress.Loopback, Assert.IsType<NbRData>(packet.Answer!.Data).Entries[0].Address);
    }

    [Fact]
    public async Task Broadcast_registration_of_our_name_on_the_bound_interface_is_defended()
    {
        var fixture = new ListenerFixture("HOSTB", "LAB");
        await using var listener = new NameServiceListener(ListenerFixture.AnyPort, fixture.Names, fixture.Counters, ListenerFixture.Logger) { BroadcastAddress = LoopbackBroadcast };
        listener.Start(CancellationToken.None);

        using var client = BroadcastClient();
        var requester = new NbAddressEntry(NbFlags.Create(false, NbnsNodeType.BNode), IPAddress.Parse("127.0.0.2"));
        var registration = NbnsPackets.RegistrationRequest(0x4245, NetBiosName.Create("HOSTB", 0), requester, 0, broadcast: true);
        client.Send(registration.ToArray(), new IPEndPoint(LoopbackBroadcast, listener.BoundPort));
        var reply = await ReceiveAsync(client);

        Assert.NotNull(reply);
        Assert.True(NbnsPacket.TryParse(reply.Value.Buffer, out var packet, out var error), error.ToString());
        Assert.Equal((0x4245, NbnsRcode.ACT_ERR), (packet!.TransactionId, packet.Flags.Rcode));
    }

    [Fact]
    public async Task Without_the_broadcast_socket_a_listener_bound_to_an_address_hears_no_broadcast()
    {
        // The bug this guards against: Linux delivers no broadcast to a socket bound to a unicast address.
        var fixture = new ListenerFixture("HOSTB", "LAB");
        await using var listener = new NameServiceListener(ListenerFixture.AnyPort, fixture.Names, fixture.Counters, ListenerFixture.Logger);
        listener.Start(CancellationToken.None);

        using var client = BroadcastClient();
        client.Send(NbnsPackets.NameQuery(0x4243, NetBiosName.Create("HOSTB", 3), broadcast: true).ToArray(), new IPEndPoint(LoopbackBroadcast, listener.BoundPort));
        Assert.Null(await ReceiveAsync(client, 500));
        Assert.Equal(0, fixture.Counters.Received);
    }

    [Fact]
    public async Task Mailslot_broadcast_to_the_workgroup_on_the_bound_interface_is_delivered()
    {
        var fixture = new ListenerFixture("HOSTB", "LAB");
        await using var listener = new DatagramListener(ListenerFixture.AnyPort, fixture.Names, fixture.Pipeline, fixture.Counters, ListenerFixture.Logger) { BroadcastAddress = LoopbackBroadcast };
        listener.Start(CancellationToken.None);
        Assert.True(listener.Status.Bound, listener.Status.Error);

        var message = MessengerMailslotMessage.Create("alice", "LAB", "broadcast heard on one interface");
        var datagram = MessengerDatagram.CreateGroupBroadcast(Sender, IPAddress.Loopback, NetBiosName.Create("LAB", 0), message, 0x4244);
        using var client = BroadcastClient();
        client.Send(datagram.ToArray(), new IPEndPoint(LoopbackBroadcast, listener.BoundPort));

        Assert.Equal("broadcast heard on one interface", (await fixture.NextMessageAsync())?.Text);
    }

    [Fact]
    public void The_broadcast_heard_is_the_one_of_the_interface_holding_the_bound_address()
    {
        var mac = PhysicalAddress.Parse("02-00-5E-10-00-01");
        var interfaces = new FakeInterfaces(
            new NbnsInterface(IPAddress.Parse("10.99.0.11"), IPAddress.Parse("10.99.0.255"), mac, false),
            new NbnsInterface(IPAddress.Parse("10.95.0.11"), IPAddress.Parse("10.95.0.255"), mac, false),
            new NbnsInterface(IPAddress.Parse("192.0.2.1"), null, mac, false));

        Assert.Equal(IPAddress.Parse("10.95.0.255"), InterfaceBroadcast.For(IPAddress.Parse("10.95.0.11"), interfaces));
        Assert.Equal(IPAddress.Parse("10.99.0.255"), InterfaceBroadcast.For(IPAddress.Parse("10.99.0.11"), interfaces));
        Assert.Null(InterfaceBroadcast.For(IPAddress.Any, interfaces)); // 0.0.0.0 hears broadcasts itself
        Assert.Null(InterfaceBroadcast.For(IPAddress.Parse("192.0.2.1"), interfaces)); // a /32 has no broadcast
        Assert.Null(InterfaceBroadcast.For(IPAddress.Parse("10.1.2.3"), interfaces)); // not ours
    }

    private static UdpClient BroadcastClient()
    {
        var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        client.EnableBroadcast = true;
        return client;
    }

    private static async Task<UdpReceiveResult?> ReceiveAsync(UdpClient client, int milliseconds = 2000)
    {
        using var timeout = new CancellationTokenSource(milliseconds);
        try
        {
            return await client.ReceiveAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
