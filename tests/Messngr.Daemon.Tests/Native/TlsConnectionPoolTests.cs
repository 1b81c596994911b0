using System.Net;
using System.Text;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;

namespace Messngr.Daemon.Tests.Native;

/// <summary>Issue #13, item 3: one kept connection per peer, reused, dropped on failure and reconnected.</summary>
public sealed class TlsConnectionPoolTests
{
    [Fact]
    public async Task Pool_reuses_one_connection_and_reconnects_after_the_server_drops_it()
    {
        var received = System.Threading.Channels.Channel.CreateUnbounded<string>();
        await using var lab = new TlsLoopback(handler: async (channel, token) =>
        {
            while (await channel.ReceiveAsync(token) is { } frame)
            {
                var text = Encoding.ASCII.GetString(frame);
                received.Writer.TryWrite(text);
                if (text == "drop")
                {
                    return; // the listener closes the connection
                }
            }
        });
        var connects = 0;
        var connector = lab.Connector();
        await using var pool = new TlsConnectionPool((endPoint, peer, token) =>
        {
            Interlocked.Increment(ref connects);
            return connector.ConnectAsync(endPoint, peer, token);
        }, lab.Limits, TimeProvider.System);

        for (var i = 0; i < 100; i++)
        {
            await pool.SendAsync("server", lab.EndPoint, Encoding.ASCII.GetBytes($"m{i}"));
        }

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal($"m{i}", await received.Reader.ReadAsync().AsTask().WaitAsync(TlsLoopback.SafetyNet));
        }

        Assert.Equal(1, connects);
        Assert.Equal(1, lab.Served.Reader.Count);

        var kept = await pool.GetAsync("server", lab.EndPoint);
        await pool.SendAsync("server", lab.EndPoint, "drop"u8.ToArray());
        await kept.Completion.WaitAsync(TlsLoopback.SafetyNet); // the pooled connection sees the server's close
        Assert.False(kept.IsOpen);

        await pool.SendAsync("server", lab.EndPoint, "again"u8.ToArray());
        Assert.Equal("drop", await received.Reader.ReadAsync().AsTask().WaitAsync(TlsLoopback.SafetyNet));
        Assert.Equal("again", await received.Reader.ReadAsync().AsTask().WaitAsync(TlsLoopback.SafetyNet));
        Assert.Equal(2, connects);
        Assert.NotSame(kept, await pool.GetAsync("server", lab.EndPoint));
    }

    [Fact]
    public async Task Failed_connect_is_not_kept_and_the_next_use_tries_again()
    {
        await using var lab = new TlsLoopback();
        var connects = 0;
        var connector = lab.Connector();
        await using var pool = new TlsConnectionPool((endPoint, peer, token) =>
            Interlocked.Increment(ref connects) == 1
                ? Task.FromException<IFrameChannel>(new TlsChannelException(TlsChannelFailure.ConnectFailed, "refused"))
                : connector.ConnectAsync(endPoint, peer, token), lab.Limits, TimeProvider.System);

        await Assert.ThrowsAsync<TlsChannelException>(() => pool.SendAsync("server", lab.EndPoint, "1"u8.ToArray()));
        Assert.Equal(0, pool.Count);
        await pool.SendAsync("server", lab.EndPoint, "2"u8.ToArray());
        Assert.Equal(2, connects);
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public async Task Pool_keeps_at_most_its_capacity_closing_the_least_recently_used()
    {
        await using var lab = new TlsLoopback();
        var connector = lab.Connector();
        await using var pool = new TlsConnectionPool(connector.ConnectAsync, lab.Limits with { NativePoolCapacity = 2 }, TimeProvider.System);

        var a = await pool.GetAsync("a", lab.EndPoint);
        await pool.GetAsync("b", lab.EndPoint);
        await pool.GetAsync("c", lab.EndPoint);

        Assert.Equal(2, pool.Count);
        await a.Completion.WaitAsync(TlsLoopback.SafetyNet); // "a" was closed to make room
    }

    [Fact]
    public async Task Idle_pooled_connection_is_closed_after_the_pool_idle_timeout()
    {
        await using var lab = new TlsLoopback();
        var connector = lab.Connector();
        await using var pool = new TlsConnectionPool(connector.ConnectAsync, lab.Limits with { NativePoolIdleTimeout = TimeSpan.FromMilliseconds(400) }, TimeProvider.System);

        var channel = await pool.GetAsync("server", lab.EndPoint);
        await channel.Completion.WaitAsync(TlsLoopback.SafetyNet);
        Assert.Equal(0, pool.Count);
    }
}
