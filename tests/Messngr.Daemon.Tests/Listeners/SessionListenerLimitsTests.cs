using System.Net;
using System.Net.Sockets;
using Messngr.Daemon.Core;
using Messngr.Daemon.Listeners;
using Messngr.Wire.NetBios.SessionService;
using Messngr.Wire.Smb1;

namespace Messngr.Daemon.Tests.Listeners;

/// <summary>
/// One host cannot take all of TCP 139 (issue #10 item 7): per-source connection cap, a deadline
/// for completing a frame that trickled bytes do not reset, a write timeout for a peer that never
/// reads, and an accept loop that survives EMFILE. Limits are shrunk to seconds; every wait has a
/// generous safety net and the assertions are on behaviour, not on time.
/// </summary>
public sealed class SessionListenerLimitsTests : IAsyncDisposable
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);
    private static readonly IPAddress OtherSource = IPAddress.Parse("127.0.0.2");

    private readonly ListenerFixture _fixture = new("HOSTB", "LAB");
    private SessionListener? _listener;

    public async ValueTask DisposeAsync()
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }
    }

    private SessionListener Start(DaemonLimits limits, Func<Socket, CancellationToken, ValueTask<Socket>>? accept = null)
    {
        _listener = accept is null
            ? new SessionListener(ListenerFixture.AnyPort, _fixture.Names, _fixture.Pipeline, _fixture.Counters, ListenerFixture.Logger) { Limits = limits }
            : new SessionListener(ListenerFixture.AnyPort, _fixture.Names, _fixture.Pipeline, _fixture.Counters, ListenerFixture.Logger) { Limits = limits, Accept = accept };
        _listener.Start(CancellationToken.None);
        Assert.True(_listener.Status.Bound, _listener.Status.Error);
        return _listener;
    }

    private static async Task SendMessageAsync(NbssClient client, string text)
    {
        await client.SendAsync(SmbMessage.Request(SmbCommand.SMB_COM_SEND_MESSAGE, SendMessageRequest.Create("ALICE", "HOSTB", System.Text.Encoding.ASCII.GetBytes(text))));
        Assert.False((await client.ReadSmbAsync()).Header.IsError);
    }

    [Fact]
    public async Task A_trickled_frame_is_closed_at_its_deadline_though_bytes_keep_coming()
    {
        var listener = Start(DaemonLimits.Default with
        {
            SessionFrameDeadline = TimeSpan.FromSeconds(1),
            SessionFirstFrameDeadline = TimeSpan.FromMinutes(5),
            SessionIdleTimeout = TimeSpan.FromMinutes(5),
        });
        using var client = await NbssClient.OpenSessionAsync(listener.BoundPort);

        // A session message declaring 4000 bytes, then one byte every 100 ms: each byte would
        // reset an idle timer, but the frame's deadline runs from its first byte.
        await client.SendAsync([0x00, 0x00, 0x0F, 0xA0]);
        var closed = client.WaitForCloseAsync(SafetyNet);
        var trickled = 0;
        while (!closed.IsCompleted && trickled < (int)(SafetyNet.TotalMilliseconds / 100))
        {
            try
            {
                await client.SendAsync([0x41]);
                trickled++;
            }
            catch (IOException)
            {
                break; // reset by the server
            }

            await Task.WhenAny(closed, Task.Delay(100));
        }

        Assert.True(await closed, $"the session was still open after {trickled} trickled bytes");
        Assert.True(trickled > 0);
        // The listener releases the connection's slot just after the socket closes: wait for it.
        Assert.True(SpinWait.SpinUntil(() => listener.OpenConnections == 0, SafetyNet), $"{listener.OpenConnections} connection(s) still counted open");
    }

    [Fact]
    public async Task A_connection_that_never_completes_a_first_frame_is_closed()
    {
        var listener = Start(DaemonLimits.Default with
        {
            SessionFirstFrameDeadline = TimeSpan.FromSeconds(1),
            SessionIdleTimeout = TimeSpan.FromMinutes(5),
        });
        using var silent = new NbssClient();
        await silent.ConnectAsync(listener.BoundPort);
        Assert.True(await silent.WaitForCloseAsync(SafetyNet), "a connection that sent nothing was not closed");

        // A session that did send its request is not held to that deadline: it gets the idle timeout.
        using var good = await NbssClient.OpenSessionAsync(listener.BoundPort);
        await Task.Delay(1500);
        await SendMessageAsync(good, "after the first-frame deadline");
    }

    [Fact]
    public async Task A_peer_that_never_reads_its_replies_loses_its_session_after_the_write_timeout()
    {
        var listener = Start(DaemonLimits.Default with
        {
            MaxSessionConnections = 1,
            SessionWriteTimeout = TimeSpan.FromSeconds(1),
        });
        using var stalled = new NbssClient(receiveBuffer: 4096);
        await stalled.ConnectAsync(listener.BoundPort);
        await stalled.SendAsync(NbssClient.SessionRequest("HOSTB"));
        Assert.IsType<PositiveSessionResponsePacket>(await stalled.ReadAsync());

        // Requests in bulk, replies never read: the daemon's send buffer fills and its write blocks.
        var negotiate = SmbMessage.Request(SmbCommand.SMB_COM_NEGOTIATE, NegotiateRequest.Messenger).ToSessionMessage();
        var bulk = Enumerable.Repeat(negotiate, 1000).SelectMany(b => b).ToArray();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 2000 && !stop.IsCancellationRequested; i++)
            {
                try
                {
                    await stalled.Stream.WriteAsync(bulk, stop.Token);
                }
                catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
                {
                    return;
                }
            }
        });

        var freed = SpinWait.SpinUntil(() => listener.OpenConnections == 0 && _fixture.Counters.Received > 1, SafetyNet);
        await stop.CancelAsync();
        Assert.True(freed, $"the non-reading session still holds its slot after {_fixture.Counters.Received} frames");

        // Its slot (the only one) is free for a real sender.
        using var good = await NbssClient.OpenSessionAsync(listener.BoundPort);
        await SendMessageAsync(good, "after the stalled peer");
        stalled.Dispose();
        await writer;
    }

    [Fact]
    public async Task The_ninth_connection_from_one_source_is_refused_and_counted_while_another_source_gets_in()
    {
        var listener = Start(DaemonLimits.Default with { MaxSessionConnectionsPerSource = 8 });
        var held = new List<NbssClient>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                held.Add(await NbssClient.OpenSessionAsync(listener.BoundPort));
            }

            using var ninth = new NbssClient();
            Assert.True(await ninth.IsClosedAtAcceptAsync(listener.BoundPort, SafetyNet), "the ninth connection from one address was not closed");
            Assert.Equal(1, _fixture.Counters.RefusedConnections);
            Assert.Equal(1, _fixture.Counters.Snapshot()["refusedConnections"]);

            using var other = await NbssClient.OpenSessionAsync(listener.BoundPort, source: OtherSource);
            await SendMessageAsync(other, "from another host");
            await SendMessageAsync(held[0], "the held ones still work");

            // A slot given back is a slot the source may use again.
            held[^1].Dispose();
            held.RemoveAt(held.Count - 1);
            Assert.True(SpinWait.SpinUntil(() => listener.OpenConnections == 8, SafetyNet)); // 7 held + the other source
            held.Add(await NbssClient.OpenSessionAsync(listener.BoundPort));
        }
        finally
        {
            held.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task Beyond_the_global_cap_connections_are_refused_and_counted()
    {
        var listener = Start(DaemonLimits.Default with { MaxSessionConnections = 2 });
        using var one = await NbssClient.OpenSessionAsync(listener.BoundPort);
        using var two = await NbssClient.OpenSessionAsync(listener.BoundPort, source: OtherSource);
        using var three = new NbssClient(IPAddress.Parse("127.0.0.3"));
        Assert.True(await three.IsClosedAtAcceptAsync(listener.BoundPort, SafetyNet));
        Assert.Equal(1, _fixture.Counters.RefusedConnections);
        Assert.Equal(0, _fixture.Counters.Dropped); // not a message dropped for a full queue
    }

    [Fact]
    public async Task The_accept_loop_survives_EMFILE_and_ECONNABORTED()
    {
        var failures = new Queue<SocketError>([SocketError.TooManyOpenSockets, SocketError.ConnectionAborted, SocketError.TooManyOpenSockets, SocketError.NoBufferSpaceAvailable]);
        var calls = 0;
        var listener = Start(DaemonLimits.Default with { SessionAcceptRetryDelay = TimeSpan.FromMilliseconds(10) }, async (socket, token) =>
        {
            Interlocked.Increment(ref calls);
            var client = await socket.AcceptAsync(token);
            if (failures.TryDequeue(out var error))
            {
                // The connection is lost as it would be when accept(2) fails; the loop must go on.
                client.Dispose();
                throw new SocketException((int)error);
            }

            return client;
        });

        for (var i = 0; i < 4; i++)
        {
            using var lost = new NbssClient();
            Assert.True(await lost.IsClosedAtAcceptAsync(listener.BoundPort, SafetyNet));
        }

        using var client = await NbssClient.OpenSessionAsync(listener.BoundPort);
        await SendMessageAsync(client, "after EMFILE");
        Assert.True(calls >= 5);
    }
}
