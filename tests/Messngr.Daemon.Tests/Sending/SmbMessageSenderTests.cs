using System.Net;
using System.Net.Sockets;
using Messngr.Daemon.Listeners;
using Messngr.Daemon.Sending;
using Messngr.Daemon.Sending.Transports;
using Messngr.Daemon.Tests.Listeners;
using Messngr.Wire;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.SessionService;
using Messngr.Wire.Smb1;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Sending;

/// <summary>
/// <see cref="SmbMessageSender"/> with asynchronous sockets (the daemon's way) against the
/// daemon's own <see cref="SessionListener"/> on loopback (protocols.md §5–§6), and against fake
/// peers that misbehave. <see cref="SmbMessageSenderBlockingTests"/> runs every case again with
/// <see cref="TransportSettings.BlockingIo"/>; the two never run at the same time (one
/// collection), so the blocking cases' waits cannot hold up the asynchronous ones' short timeouts.
/// </summary>
[Collection(Collection)]
public class SmbMessageSenderTests : IAsyncLifetime
{
    public const string Collection = "SMB message sender";

    private static readonly NetBiosName Us = NetBiosName.Create("HOSTA", NetBiosName.SuffixWorkstation);
    private static readonly TransportSettings Settings = new() { Timeout = TimeSpan.FromSeconds(10) }; // a safety net on a loaded machine; the timeout cases use their own short one
    private static readonly TransportSettings Short = new() { Timeout = TimeSpan.FromMilliseconds(300) };

    private protected readonly ListenerFixture _fixture = new("HOSTB", "LAB", "BOB");
    private readonly List<string> _trace = [];
    private SessionListener _listener = null!;

    public Task InitializeAsync()
    {
        _listener = new SessionListener(ListenerFixture.AnyPort, _fixture.Names, _fixture.Pipeline, _fixture.Counters, ListenerFixture.Logger);
        _listener.Start(CancellationToken.None);
        Assert.True(_listener.Status.Bound, _listener.Status.Error);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _listener.DisposeAsync();

    private protected IPEndPoint Listener => new(IPAddress.Loopback, _listener.BoundPort);

    private static NetBiosName Messenger(string name) => NetBiosName.Create(name, NetBiosName.SuffixMessenger);

    /// <summary>Whether the sender does its I/O on the calling thread (<see cref="TransportSettings.BlockingIo"/>).</summary>
    protected virtual bool Blocking => false;

    private protected Task<TransportResult> SendAsync(ClassicMessage message, IPEndPoint? endpoint = null, TransportSettings? settings = null, string called = "HOSTB",
        SendDeadline deadline = default) =>
        new SmbMessageSender((settings ?? Settings) with { BlockingIo = Blocking }).SendAsync(endpoint ?? Listener, Messenger(called), Us, message, _trace.Add, deadline, CancellationToken.None);

    private protected string Trace => string.Join('\n', _trace);

    [Fact]
    public async Task Short_message_goes_as_one_SMB_COM_SEND_MESSAGE_after_a_negotiate()
    {
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "Hello\nsecond line"));
        Assert.True(result.Outcome == SendOutcome.Delivered, result.Detail + "\n" + Trace);
        Assert.Equal(1, result.Blocks);
        Assert.Contains(_trace, l => l.Contains("negotiated", StringComparison.Ordinal));
        Assert.Contains(_trace, l => l.Contains("SMB_COM_SEND_MESSAGE accepted", StringComparison.Ordinal));
        var received = await _fixture.NextMessageAsync();
        Assert.Equal(("alice", "HOSTB", "Hello\nsecond line", MessageTransport.Smb), (received!.From, received.To, received.Text, received.Transport));
    }

    [Fact]
    public async Task Text_of_exactly_128_bytes_still_fits_one_block()
    {
        var text = new string('a', MessageLimits.SmbBlockBytes);
        var result = await SendAsync(new ClassicMessage("alice", "BOB", text), called: "BOB");
        Assert.Equal((SendOutcome.Delivered, 1), (result.Outcome, result.Blocks));
        Assert.Equal(text, (await _fixture.NextMessageAsync())!.Text);
    }

    [Fact]
    public async Task Long_message_of_2000_characters_goes_as_128_byte_text_blocks()
    {
        var text = string.Concat(Enumerable.Range(0, 250).Select(i => $"line {i,3}\n"))[..2000];
        var lineBreaks = text.Count(c => c == '\n');
        var result = await SendAsync(new ClassicMessage("alice", "BOB", text), called: "BOB");
        Assert.True(result.Outcome == SendOutcome.Delivered, result.Detail + "\n" + Trace);
        // '\n' becomes CR LF on the wire: 2000 characters + one CR per line break, in blocks of ≤ 128 bytes.
        Assert.Equal((2000 + lineBreaks + 127) / 128, result.Blocks);
        Assert.DoesNotContain(_trace, l => l.Contains("NEGOTIATE", StringComparison.Ordinal));
        var received = await _fixture.NextMessageAsync();
        Assert.Equal(text, received!.Text);
    }

    [Fact]
    public async Task Accented_text_arrives_intact_through_code_page_850()
    {
        var text = "Grüße aus Köln: café, naïve, Ærø, ñ";
        var result = await SendAsync(new ClassicMessage("jörg", "HOSTB", text));
        Assert.Equal(SendOutcome.Delivered, result.Outcome);
        var received = await _fixture.NextMessageAsync();
        Assert.Equal(("jörg", text), (received!.From, received.Text));
    }

    [Fact]
    public async Task Character_outside_the_code_page_is_Invalid_and_named_before_any_traffic()
    {
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "costs 5 € today"));
        Assert.Equal(SendOutcome.Invalid, result.Outcome);
        Assert.Contains("'€' (U+20AC) at position 8", result.Detail, StringComparison.Ordinal);
        Assert.Contains("850", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(_trace, l => l.Contains("connecting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Name_longer_than_15_bytes_is_Invalid()
    {
        var result = await SendAsync(new ClassicMessage("a-very-long-user-name", "HOSTB", "hi"));
        Assert.Equal(SendOutcome.Invalid, result.Outcome);
        Assert.Contains("15", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_over_4096_bytes_is_Invalid_naming_the_limit()
    {
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", new string('x', 5000)));
        Assert.Equal(SendOutcome.Invalid, result.Outcome);
        Assert.Contains("4096", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Called_name_we_do_not_hold_is_Refused_naming_the_negative_session_response()
    {
        var result = await SendAsync(new ClassicMessage("alice", "NOSUCH", "hi"), called: "NOSUCH");
        Assert.Equal(SendOutcome.Refused, result.Outcome);
        Assert.Contains("negative session response 0x82 (called name not present)", result.Detail, StringComparison.Ordinal);
        Assert.True(result.NoSession);
    }

    [Fact]
    public async Task SMB_error_reply_is_Refused_naming_ERRmsgoff()
    {
        // The session is for HOSTB, but the message is addressed to a name HOSTB does not hold.
        var result = await SendAsync(new ClassicMessage("alice", "CAROL", "hi"));
        Assert.Equal(SendOutcome.Refused, result.Outcome);
        Assert.Contains("ERRSRV/ERRmsgoff", result.Detail, StringComparison.Ordinal);
        Assert.Contains("SMB_COM_SEND_MESSAGE", result.Detail, StringComparison.Ordinal);
        Assert.False(result.NoSession);
    }

    [Fact]
    public async Task Closed_port_is_Unreachable()
    {
        var port = FreeTcpPort();
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "hi"), new IPEndPoint(IPAddress.Loopback, port));
        Assert.Equal(SendOutcome.Unreachable, result.Outcome);
        Assert.True(result.NoSession);
        Assert.Contains("connection refused", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connect_nobody_answers_is_TimedOut()
    {
        // A listener that never accepts, its accept queue (backlog 1: two connections) full: Linux
        // then drops further SYNs, so the next connect gets no answer at all (tcp(7)). The timer
        // ends the wait (asynchronous), or SO_SNDTIMEO does (blocking: connect(2) returns EINPROGRESS).
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        var fillers = new List<Socket>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                await filler.ConnectAsync(endpoint);
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "hi"), endpoint, new TransportSettings { Timeout = TimeSpan.FromMilliseconds(400) });
            Assert.Equal(SendOutcome.TimedOut, result.Outcome);
            Assert.True(result.NoSession);
            Assert.Contains($"tcp {endpoint} did not accept the connection within 0.4 s", result.Detail, StringComparison.Ordinal);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"waited {clock.Elapsed} for a 0.4 s timeout");
        }
        finally
        {
            fillers.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task Peer_that_answers_garbage_is_a_ProtocolError()
    {
        await using var peer = new FakeTcpPeer(async (stream, ct) =>
        {
            await FakeTcpPeer.ReadFrameAsync(stream, ct);
            await stream.WriteAsync("HTTP/1.1 400 Bad Request\r\n\r\n"u8.ToArray(), ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "hi"), peer.EndPoint);
        Assert.Equal(SendOutcome.ProtocolError, result.Outcome);
        Assert.Contains("not an NBSS frame", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Peer_that_declares_a_huge_frame_is_a_ProtocolError_without_waiting_for_it()
    {
        await using var peer = new FakeTcpPeer(async (stream, ct) =>
        {
            await FakeTcpPeer.ReadFrameAsync(stream, ct);
            await stream.WriteAsync(new byte[] { 0x00, 0x01, 0xFF, 0xFF }, ct); // a 131071-byte session message follows…
            var endless = new byte[4096];
            while (!ct.IsCancellationRequested)
            {
                await stream.WriteAsync(endless, ct);
            }
        });
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "hi"), peer.EndPoint);
        Assert.Equal(SendOutcome.ProtocolError, result.Outcome);
        Assert.Contains("LengthOutOfRange", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Peer_that_floods_keep_alives_is_a_ProtocolError()
    {
        await using var peer = new FakeTcpPeer(async (stream, ct) =>
        {
            await FakeTcpPeer.ReadFrameAsync(stream, ct);
            while (!ct.IsCancellationRequested)
            {
                await stream.WriteAsync(SessionKeepAlivePacket.Instance.ToArray(), ct);
            }
        });
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "hi"), peer.EndPoint);
        Assert.Equal(SendOutcome.ProtocolError, result.Outcome);
        Assert.Contains("keep-alives", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Peer_that_never_answers_is_TimedOut()
    {
        await using var peer = new FakeTcpPeer(async (stream, ct) =>
        {
            await FakeTcpPeer.ReadFrameAsync(stream, ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        var started = DateTime.UtcNow;
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "hi"), peer.EndPoint, Short);
        Assert.Equal(SendOutcome.TimedOut, result.Outcome);
        Assert.Contains("did not answer the session request within 0.3 s", result.Detail, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Peer_that_dribbles_half_a_reply_is_TimedOut()
    {
        await using var peer = new FakeTcpPeer(async (stream, ct) =>
        {
            await FakeTcpPeer.ReadFrameAsync(stream, ct);
            await stream.WriteAsync(new byte[] { 0x82, 0x00 }, ct); // half a positive response, then nothing
            await Task.Delay(Timeout.Infinite, ct);
        });
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "hi"), peer.EndPoint, Short);
        Assert.Equal(SendOutcome.TimedOut, result.Outcome);
    }

    [Fact]
    public async Task Peer_that_closes_after_the_session_request_is_a_ProtocolError()
    {
        await using var peer = new FakeTcpPeer(async (stream, ct) => await FakeTcpPeer.ReadFrameAsync(stream, ct));
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "hi"), peer.EndPoint);
        Assert.Equal(SendOutcome.ProtocolError, result.Outcome);
        Assert.Contains("closed the connection instead of answering the session request", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Peer_that_closes_after_the_positive_response_is_a_ProtocolError_naming_the_step()
    {
        await using var peer = new FakeTcpPeer(async (stream, ct) =>
        {
            await FakeTcpPeer.ReadFrameAsync(stream, ct);
            await stream.WriteAsync(PositiveSessionResponsePacket.Instance.ToArray(), ct);
            await FakeTcpPeer.ReadFrameAsync(stream, ct);
        });
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "hi"), peer.EndPoint);
        Assert.Equal(SendOutcome.ProtocolError, result.Outcome);
        Assert.Contains("SMB_COM_NEGOTIATE", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x80, "0x80 (not listening on called name)")]
    [InlineData(0x81, "0x81 (not listening for calling name)")]
    [InlineData(0x83, "0x83 (called name present, but insufficient resources)")]
    [InlineData(0x8F, "0x8F (unspecified error)")]
    public async Task Every_negative_session_response_code_is_named(byte code, string expected)
    {
        await using var peer = new FakeTcpPeer(async (stream, ct) =>
        {
            await FakeTcpPeer.ReadFrameAsync(stream, ct);
            await stream.WriteAsync(new NegativeSessionResponsePacket((NbssErrorCode)code).ToArray(), ct);
        });
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "hi"), peer.EndPoint);
        Assert.Equal(SendOutcome.Refused, result.Outcome);
        Assert.Contains(expected, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retarget_is_followed_once_to_the_real_listener()
    {
        await using var redirector = new FakeTcpPeer(async (stream, ct) =>
        {
            await FakeTcpPeer.ReadFrameAsync(stream, ct);
            await stream.WriteAsync(new RetargetSessionResponsePacket(IPAddress.Loopback, (ushort)_listener.BoundPort).ToArray(), ct);
        });
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "via retarget"), redirector.EndPoint);
        Assert.True(result.Outcome == SendOutcome.Delivered, result.Detail + "\n" + Trace);
        Assert.Contains(_trace, l => l.Contains("retarget", StringComparison.Ordinal));
        Assert.Equal("via retarget", (await _fixture.NextMessageAsync())!.Text);
    }

    [Fact]
    public async Task Second_retarget_is_not_followed()
    {
        FakeTcpPeer? loop = null;
        loop = new FakeTcpPeer(async (stream, ct) =>
        {
            await FakeTcpPeer.ReadFrameAsync(stream, ct);
            await stream.WriteAsync(new RetargetSessionResponsePacket(IPAddress.Loopback, (ushort)loop!.EndPoint.Port).ToArray(), ct);
        });
        await using (loop)
        {
            var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "hi"), loop.EndPoint);
            Assert.Equal(SendOutcome.ProtocolError, result.Outcome);
            Assert.Contains("retargeted the session again", result.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Samba_like_peer_without_negotiate_support_gets_the_multi_block_form()
    {
        // A peer that refuses NEGOTIATE (ERRSRV/ERRunknownsmb) and answers D5 with WordCount 0 like smbd 4.17 (§6.6).
        var commands = new List<SmbCommand>();
        await using var peer = new FakeTcpPeer(async (stream, ct) =>
        {
            await FakeTcpPeer.ReadFrameAsync(stream, ct);
            await stream.WriteAsync(PositiveSessionResponsePacket.Instance.ToArray(), ct);
            while (true)
            {
                Assert.True(SmbMessage.TryParse(await FakeTcpPeer.ReadFrameAsync(stream, ct), out var request, out _));
                lock (commands)
                {
                    commands.Add(request!.Command);
                }

                var reply = request.Command switch
                {
                    SmbCommand.SMB_COM_NEGOTIATE => SmbErrorReplies.UnknownCommand(request.Header),
                    SmbCommand.SMB_COM_SEND_START_MB_MESSAGE => SmbMessage.Reply(request.Header, new SendStartMbResponse(null)),
                    _ => SmbMessage.Reply(request.Header, SmbEmptyBody.Instance),
                };
                await stream.WriteAsync(reply.ToSessionMessage(), ct);
            }
        });
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "short"), peer.EndPoint);
        Assert.True(result.Outcome == SendOutcome.Delivered, result.Detail + "\n" + Trace);
        lock (commands)
        {
            Assert.Equal([SmbCommand.SMB_COM_NEGOTIATE, SmbCommand.SMB_COM_SEND_START_MB_MESSAGE, SmbCommand.SMB_COM_SEND_TEXT_MB_MESSAGE, SmbCommand.SMB_COM_SEND_END_MB_MESSAGE], commands);
        }

        Assert.Contains(_trace, l => l.Contains("ERRSRV/ERRunknownsmb", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Error_on_a_text_block_is_Refused_naming_the_block_and_NT_status()
    {
        await using var peer = new FakeTcpPeer(async (stream, ct) =>
        {
            await FakeTcpPeer.ReadFrameAsync(stream, ct);
            await stream.WriteAsync(PositiveSessionResponsePacket.Instance.ToArray(), ct);
            var blocks = 0;
            while (true)
            {
                Assert.True(SmbMessage.TryParse(await FakeTcpPeer.ReadFrameAsync(stream, ct), out var request, out _));
                var reply = request!.Command switch
                {
                    SmbCommand.SMB_COM_SEND_START_MB_MESSAGE => SmbMessage.Reply(request.Header, new SendStartMbResponse(7)),
                    SmbCommand.SMB_COM_SEND_TEXT_MB_MESSAGE when ++blocks == 2 => SmbErrorReplies.Nt(request.Header, NtStatus.STATUS_DISK_FULL),
                    _ => SmbMessage.Reply(request.Header, SmbEmptyBody.Instance),
                };
                await stream.WriteAsync(reply.ToSessionMessage(), ct);
            }
        });
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", new string('z', 300)), peer.EndPoint);
        Assert.Equal(SendOutcome.Refused, result.Outcome);
        Assert.Contains("block 2 of 3", result.Detail, StringComparison.Ordinal);
        Assert.Contains("STATUS_DISK_FULL (0xC000007F)", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_that_is_not_an_SMB_is_a_ProtocolError()
    {
        await using var peer = new FakeTcpPeer(async (stream, ct) =>
        {
            await FakeTcpPeer.ReadFrameAsync(stream, ct);
            await stream.WriteAsync(PositiveSessionResponsePacket.Instance.ToArray(), ct);
            await FakeTcpPeer.ReadFrameAsync(stream, ct);
            await stream.WriteAsync(new SessionMessagePacket(new byte[] { 0xFE, (byte)'S', (byte)'M', (byte)'B', 0x40, 0 }).ToArray(), ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "hi"), peer.EndPoint);
        Assert.Equal(SendOutcome.ProtocolError, result.Outcome);
        Assert.Contains("SMB2", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_session_request_the_first_frame_is_the_SMB()
    {
        byte first = 0xFF;
        await using var peer = new FakeTcpPeer(async (stream, ct) =>
        {
            var header = await FakeTcpPeer.ReadExactlyAsync(stream, 1, ct);
            first = header[0];
        });
        await SendAsync(new ClassicMessage("alice", "HOSTB", "hi"), peer.EndPoint, Settings with { SendSessionRequest = false });
        Assert.Equal((byte)NbssPacketType.SessionMessage, first);
    }

    private static int FreeTcpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
