using System.Net;
using System.Net.Sockets;
using Messngr.Daemon.Listeners;
using Messngr.Daemon.Sending;
using Messngr.Daemon.Sending.Transports;
using Messngr.Daemon.Tests.Listeners;
using Messngr.Wire;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.DatagramService;
using Messngr.Wire.Smb1.Mailslot;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Sending;

/// <summary><see cref="MailslotSender"/> against the daemon's own <see cref="DatagramListener"/> (protocols.md §3–§4).</summary>
public sealed class MailslotSenderTests : IAsyncLifetime
{
    private static readonly NetBiosName Us = NetBiosName.Create("HOSTA", NetBiosName.SuffixWorkstation);
    // DatagramPort 0: tests never take UDP 138 on the host.
    private static readonly TransportSettings Settings = new() { Timeout = TimeSpan.FromSeconds(1), DatagramPort = 0 };

    private readonly ListenerFixture _fixture = new("HOSTB", "LAB");
    private readonly List<string> _trace = [];
    private DatagramListener _listener = null!;

    public Task InitializeAsync()
    {
        _listener = new DatagramListener(ListenerFixture.AnyPort, _fixture.Names, _fixture.Pipeline, _fixture.Counters, ListenerFixture.Logger);
        _listener.Start(CancellationToken.None);
        Assert.True(_listener.Status.Bound, _listener.Status.Error);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _listener.DisposeAsync();

    private Task<TransportResult> SendAsync(ClassicMessage message, NetBiosName destinationName, IPEndPoint? destination = null, TransportSettings? settings = null) =>
        new MailslotSender(settings ?? Settings).SendAsync(destination ?? new IPEndPoint(IPAddress.Loopback, _listener.BoundPort), Us, destinationName,
            IPAddress.Loopback, message, _trace.Add, CancellationToken.None);

    [Fact]
    public async Task Directed_datagram_is_accepted_and_received()
    {
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "Grüße\nzweite Zeile"), NetBiosName.Create("HOSTB", NetBiosName.SuffixMessenger));
        Assert.Equal(SendOutcome.AcceptedForBroadcast, result.Outcome);
        Assert.Contains("DIRECT_UNIQUE", result.Detail, StringComparison.Ordinal);
        Assert.Contains(_trace, l => l.Contains("ephemeral udp port", StringComparison.Ordinal));
        var received = await _fixture.NextMessageAsync();
        Assert.Equal(("alice", "HOSTB", "Grüße\nzweite Zeile", MessageTransport.Mailslot), (received!.From, received.To, received.Text, received.Transport));
    }

    [Fact]
    public async Task Workgroup_broadcast_goes_as_DIRECT_GROUP_to_the_group_name()
    {
        using var sniffer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var result = await SendAsync(new ClassicMessage("alice", "LAB", "server down in 5 min"), NetBiosName.Create("LAB", 0), (IPEndPoint)sniffer.Client.LocalEndPoint!);
        Assert.Equal(SendOutcome.AcceptedForBroadcast, result.Outcome);
        var bytes = (await sniffer.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(1))).Buffer;
        Assert.True(MessengerDatagram.TryParse(bytes, out var datagram, out var error), error.ToString());
        Assert.Equal(NbdsMessageType.DIRECT_GROUP_DATAGRAM, datagram.Datagram.MessageType);
        Assert.Equal(NetBiosName.Create("LAB", 0), datagram.Datagram.DestinationName);
        Assert.Equal(Us, datagram.Datagram.SourceName);
        Assert.Equal(IPAddress.Loopback, datagram.Datagram.SourceIp);
        Assert.NotEqual(0, datagram.Datagram.SourcePort);
        Assert.Equal(("alice", "LAB", "server down in 5 min"), (datagram.Message.GetFrom(), datagram.Message.GetTo(), datagram.Message.GetText()));
    }

    [Fact]
    public async Task Broadcast_over_128_characters_is_Invalid_naming_the_limit()
    {
        var result = await SendAsync(new ClassicMessage("alice", "LAB", new string('x', 129)), NetBiosName.Create("LAB", 0));
        Assert.Equal(SendOutcome.Invalid, result.Outcome);
        Assert.Contains("limited to 128 characters", result.Detail, StringComparison.Ordinal);
        Assert.Null(await _fixture.NextMessageAsync(200));
    }

    [Fact]
    public async Task Directed_payload_over_424_bytes_is_Invalid_naming_the_limit()
    {
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", new string('x', 420)), NetBiosName.Create("HOSTB", NetBiosName.SuffixMessenger));
        Assert.Equal(SendOutcome.Invalid, result.Outcome);
        Assert.Contains($"at most {MessageLimits.MailslotPayloadBytes}", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unrepresentable_character_is_Invalid_and_named()
    {
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "snow ☃"), NetBiosName.Create("HOSTB", NetBiosName.SuffixMessenger));
        Assert.Equal(SendOutcome.Invalid, result.Outcome);
        Assert.Contains("'☃' (U+2603) at position 5", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Busy_datagram_port_falls_back_to_an_ephemeral_port_and_says_so()
    {
        // Hold a port without SO_REUSEADDR so that our bind to it fails.
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        holder.Bind(new IPEndPoint(IPAddress.Any, 0));
        var busy = ((IPEndPoint)holder.LocalEndPoint!).Port;
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "hi"), NetBiosName.Create("HOSTB", NetBiosName.SuffixMessenger),
            settings: Settings with { DatagramPort = busy });
        Assert.Equal(SendOutcome.AcceptedForBroadcast, result.Outcome);
        Assert.Contains(_trace, l => l.Contains($"udp {busy} unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Datagram_port_held_with_address_reuse_as_nmbd_holds_it_is_not_shared_either()
    {
        // nmbd sets SO_REUSEADDR and SO_REUSEPORT: a sender that set them too would share 138 and,
        // while open, take part of the datagrams meant for nmbd (issue #12, item 1).
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        holder.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        holder.Bind(new IPEndPoint(IPAddress.Any, 0));
        var busy = ((IPEndPoint)holder.LocalEndPoint!).Port;
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "hi"), NetBiosName.Create("HOSTB", NetBiosName.SuffixMessenger),
            settings: Settings with { DatagramPort = busy });
        Assert.Equal(SendOutcome.AcceptedForBroadcast, result.Outcome);
        Assert.Contains(_trace, l => l.Contains($"udp {busy} unavailable", StringComparison.Ordinal));
    }
}
