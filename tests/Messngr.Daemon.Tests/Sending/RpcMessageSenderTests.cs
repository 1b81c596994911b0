using System.Net;
using System.Net.Sockets;
using Messngr.Daemon.Listeners;
using Messngr.Daemon.Sending;
using Messngr.Daemon.Sending.Transports;
using Messngr.Daemon.Tests.Listeners;
using Messngr.Wire.DceRpc;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Sending;

/// <summary><see cref="RpcMessageSender"/> against the daemon's own <see cref="RpcListener"/> and scripted UDP peers (protocols.md §7).</summary>
public sealed class RpcMessageSenderTests : IAsyncLifetime
{
    private static readonly TransportSettings Settings = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly ListenerFixture _fixture = new("HOSTB", "LAB", "BOB");
    private readonly List<string> _trace = [];
    private RpcListener _listener = null!;

    public Task InitializeAsync()
    {
        _listener = new RpcListener(ListenerFixture.AnyPort, _fixture.Names, _fixture.Pipeline, _fixture.Counters, ListenerFixture.Logger);
        _listener.Start(CancellationToken.None);
        Assert.True(_listener.Status.Bound, _listener.Status.Error);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _listener.DisposeAsync();

    private Task<TransportResult> SendAsync(ClassicMessage message, IPEndPoint? endpoint = null, TransportSettings? settings = null) =>
        new RpcMessageSender(settings ?? Settings).SendAsync(endpoint ?? new IPEndPoint(IPAddress.Loopback, _listener.BoundPort), message, _trace.Add, CancellationToken.None);

    private string Trace => string.Join('\n', _trace);

    [Fact]
    public async Task NetrSendMessage_to_a_held_name_is_Delivered()
    {
        var result = await SendAsync(new ClassicMessage("ALICE", "bob", "Hello over ncadg_ip_udp\nzweite Zeile: Grüße"));
        Assert.True(result.Outcome == SendOutcome.Delivered, result.Detail + "\n" + Trace);
        Assert.Equal("NetrSendMessage returned NERR_Success (0)", result.Detail);
        Assert.Contains(_trace, l => l.Contains("ack sent", StringComparison.Ordinal));
        var received = await _fixture.NextMessageAsync();
        Assert.Equal(("ALICE", "BOB", "Hello over ncadg_ip_udp\nzweite Zeile: Grüße", MessageTransport.Rpc), (received!.From, received.To, received.Text, received.Transport));
    }

    [Fact]
    public async Task NetrSendMessage_to_a_name_not_held_is_Refused_with_NERR_NameNotFound()
    {
        var result = await SendAsync(new ClassicMessage("ALICE", "CAROL", "hi"));
        Assert.Equal(SendOutcome.Refused, result.Outcome);
        Assert.Equal("NetrSendMessage returned NERR_NameNotFound (2273)", result.Detail);
    }

    [Fact]
    public async Task Silent_UDP_port_is_TimedOut_after_retransmissions()
    {
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var started = DateTime.UtcNow;
        var result = await SendAsync(new ClassicMessage("ALICE", "BOB", "hi"), (IPEndPoint)silent.Client.LocalEndPoint!, Settings with { Timeout = TimeSpan.FromSeconds(1) });
        Assert.Equal(SendOutcome.TimedOut, result.Outcome);
        Assert.Contains("did not answer NetrSendMessage within 1 s", result.Detail, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3));
        // At 0, 200 and 600 ms: three transmissions within 1 s (at least two even on a loaded test machine).
        var received = 0;
        while (silent.Available > 0)
        {
            IPEndPoint? from = null;
            Assert.True(ClPdu.TryParse(silent.Receive(ref from), out var pdu, out _));
            Assert.Equal(ClPacketType.Request, pdu!.PacketType);
            received++;
        }

        Assert.True(received >= 2, $"only {received} transmissions\n{Trace}");
    }

    [Fact]
    public async Task Closed_UDP_port_is_Unreachable_through_ICMP_port_unreachable()
    {
        int port;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        }

        var result = await SendAsync(new ClassicMessage("ALICE", "BOB", "hi"), new IPEndPoint(IPAddress.Loopback, port));
        Assert.True(result.Outcome == SendOutcome.Unreachable, result.Detail + "\n" + Trace);
        Assert.Contains("port unreachable", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reject_is_Refused_naming_the_nca_status_and_garbage_before_it_is_ignored()
    {
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var serve = Task.Run(async () =>
        {
            var request = await peer.ReceiveAsync();
            Assert.True(ClPdu.TryParse(request.Buffer, out var pdu, out _));
            await peer.SendAsync("garbage"u8.ToArray(), request.RemoteEndPoint);
            var other = pdu!.Header with { ActivityId = Guid.NewGuid() };
            await peer.SendAsync(NetrSendMessage.CreateResponsePdu(other, 1, 0).ToArray(), request.RemoteEndPoint);
            await peer.SendAsync(ClPdu.Empty(pdu.Header.Reply(ClPacketType.Working)).ToArray(), request.RemoteEndPoint);
            await peer.SendAsync(NetrSendMessage.CreateRejectPdu(pdu.Header, 1, NcaStatus.nca_s_unk_if).ToArray(), request.RemoteEndPoint);
        });
        var result = await SendAsync(new ClassicMessage("ALICE", "BOB", "hi"), (IPEndPoint)peer.Client.LocalEndPoint!);
        await serve;
        Assert.Equal(SendOutcome.Refused, result.Outcome);
        Assert.Equal("NetrSendMessage got a reject: nca_s_unk_if (0x1C010003)", result.Detail);
        Assert.Contains(_trace, l => l.Contains("not a CL DCE/RPC PDU", StringComparison.Ordinal));
        Assert.Contains(_trace, l => l.Contains("another call", StringComparison.Ordinal));
        Assert.Contains(_trace, l => l.Contains("working", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fault_is_Refused_naming_the_nca_status()
    {
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var serve = Task.Run(async () =>
        {
            var request = await peer.ReceiveAsync();
            Assert.True(ClPdu.TryParse(request.Buffer, out var pdu, out _));
            await peer.SendAsync(NetrSendMessage.CreateFaultPdu(pdu!.Header, 1, NcaStatus.nca_s_fault_ndr).ToArray(), request.RemoteEndPoint);
        });
        var result = await SendAsync(new ClassicMessage("ALICE", "BOB", "hi"), (IPEndPoint)peer.Client.LocalEndPoint!);
        await serve;
        Assert.Equal((SendOutcome.Refused, "NetrSendMessage got a fault: nca_s_fault_ndr (0x000006F7)"), (result.Outcome, result.Detail));
    }

    [Fact]
    public async Task Reply_from_another_port_of_the_recipient_is_accepted_as_after_endpoint_mapper_forwarding()
    {
        using var mapper = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var dynamic = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var serve = Task.Run(async () =>
        {
            var request = await mapper.ReceiveAsync();
            Assert.True(ClPdu.TryParse(request.Buffer, out var pdu, out _));
            Assert.Equal(0x28, (int)pdu!.Header.Flags1); // idempotent | no-fack (protocols.md §7.4)
            Assert.Equal(0u, pdu.Header.SequenceNumber);
            Assert.Equal(0u, pdu.Header.ServerBoot);
            await dynamic.SendAsync(NetrSendMessage.CreateResponsePdu(pdu.Header, 42, 0).ToArray(), request.RemoteEndPoint);
            var ack = await dynamic.ReceiveAsync();
            Assert.True(ClPdu.TryParse(ack.Buffer, out var ackPdu, out _));
            Assert.Equal(ClPacketType.Ack, ackPdu!.PacketType);
            Assert.Equal(pdu.Header.ActivityId, ackPdu.Header.ActivityId);
        });
        var result = await SendAsync(new ClassicMessage("ALICE", "BOB", "hi"), (IPEndPoint)mapper.Client.LocalEndPoint!);
        await serve.WaitAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(SendOutcome.Delivered, result.Outcome);
    }

    [Fact]
    public async Task Text_over_652_bytes_is_Invalid_naming_the_limit()
    {
        var result = await SendAsync(new ClassicMessage("ALICE", "BOB", new string('x', 653)));
        Assert.Equal(SendOutcome.Invalid, result.Outcome);
        Assert.Contains("652", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unrepresentable_character_is_Invalid_and_named()
    {
        var result = await SendAsync(new ClassicMessage("ALICE", "BOB", "日本"));
        Assert.Equal(SendOutcome.Invalid, result.Outcome);
        Assert.Contains("'日' (U+65E5) at position 0", result.Detail, StringComparison.Ordinal);
    }
}
