using System.Buffers.Binary;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;

namespace Messngr.Daemon.Tests.Native;

/// <summary>Issue #13, item 3: length-prefixed frames over the authenticated stream — limits, deadlines, order.</summary>
public sealed class TlsFrameChannelTests
{
    /// <summary>A handler that records how receiving ended.</summary>
    private static Func<IFrameChannel, CancellationToken, Task> Recording(TaskCompletionSource<Exception?> ended) => async (channel, token) =>
    {
        try
        {
            while (await channel.ReceiveAsync(token) is not null)
            {
            }

            ended.TrySetResult(null);
        }
        catch (Exception ex)
        {
            ended.TrySetResult(ex);
        }
    };

    [Fact]
    public async Task Oversize_length_prefix_is_refused_before_its_bytes_arrive()
    {
        var ended = new TaskCompletionSource<Exception?>();
        // Deadlines far away: only the prefix check can end this connection.
        await using var lab = new TlsLoopback(DaemonLimits.Default with { NativeFrameDeadline = TimeSpan.FromHours(1), NativeIdleTimeout = TimeSpan.FromHours(1) }, Recording(ended));
        await using var stream = await lab.RawClientAsync(lab.ClientCertificate);
        await stream.WriteAsync(new byte[] { 0x7F, 0xFF, 0xFF, 0xFF }); // 2 GiB announced, no byte of it sent

        var failure = Assert.IsType<TlsChannelException>(await ended.Task.WaitAsync(TlsLoopback.SafetyNet));
        Assert.Equal(TlsChannelFailure.FrameTooLarge, failure.Failure);
        Assert.Equal(0, await ReadToEndAsync(stream)); // and the connection is closed
    }

    [Fact]
    public async Task Frame_of_exactly_the_limit_is_accepted_and_one_more_byte_is_not()
    {
        var limits = DaemonLimits.Default with { NativeMaxFrameLength = 1024 };
        await using var lab = new TlsLoopback(limits);
        await using var channel = await lab.Connector().ConnectAsync(lab.EndPoint, "server");
        await channel.SendAsync(new byte[1024]);
        Assert.Equal(1024, (await channel.ReceiveAsync().AsTask().WaitAsync(TlsLoopback.SafetyNet))!.Length);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await channel.SendAsync(new byte[1025]));
    }

    [Fact]
    public async Task Peer_that_stalls_mid_frame_is_cut_off_at_the_frame_deadline()
    {
        var ended = new TaskCompletionSource<Exception?>();
        await using var lab = new TlsLoopback(DaemonLimits.Default with { NativeFrameDeadline = TimeSpan.FromSeconds(1), NativeIdleTimeout = TimeSpan.FromHours(1) }, Recording(ended));
        await using var stream = await lab.RawClientAsync(lab.ClientCertificate);
        await stream.WriteAsync(new byte[] { 0, 0, 0, 10, 1, 2 }); // 10 bytes announced, 2 sent, then silence

        var failure = Assert.IsType<TlsChannelException>(await ended.Task.WaitAsync(TlsLoopback.SafetyNet));
        Assert.Equal(TlsChannelFailure.FrameDeadline, failure.Failure);
        Assert.Equal(0, await ReadToEndAsync(stream));
    }

    [Fact]
    public async Task Idle_connection_is_closed_after_the_idle_timeout()
    {
        var ended = new TaskCompletionSource<Exception?>();
        await using var lab = new TlsLoopback(DaemonLimits.Default with { NativeIdleTimeout = TimeSpan.FromSeconds(1) }, Recording(ended));
        await using var stream = await lab.RawClientAsync(lab.ClientCertificate);

        var failure = Assert.IsType<TlsChannelException>(await ended.Task.WaitAsync(TlsLoopback.SafetyNet));
        Assert.Equal(TlsChannelFailure.IdleTimeout, failure.Failure);
    }

    [Fact]
    public async Task Infinite_deadlines_are_allowed()
    {
        var infinite = Timeout.InfiniteTimeSpan;
        await using var lab = new TlsLoopback(DaemonLimits.Default with { NativeIdleTimeout = infinite, NativeFrameDeadline = infinite, NativeWriteTimeout = infinite });
        await using var channel = await lab.Connector().ConnectAsync(lab.EndPoint, "server");
        await channel.SendAsync("x"u8.ToArray());
        Assert.NotNull(await channel.ReceiveAsync().AsTask().WaitAsync(TlsLoopback.SafetyNet));
    }

    [Fact]
    public async Task Connection_ending_mid_frame_is_truncated()
    {
        var ended = new TaskCompletionSource<Exception?>();
        await using var lab = new TlsLoopback(handler: Recording(ended));
        var stream = await lab.RawClientAsync(lab.ClientCertificate);
        await stream.WriteAsync(new byte[] { 0, 0, 0, 10, 1, 2 });
        await stream.DisposeAsync();

        var failure = Assert.IsType<TlsChannelException>(await ended.Task.WaitAsync(TlsLoopback.SafetyNet));
        Assert.Equal(TlsChannelFailure.Truncated, failure.Failure);
    }

    [Fact]
    public async Task Thousand_pipelined_frames_arrive_in_order()
    {
        await using var lab = new TlsLoopback();
        await using var channel = await lab.Connector().ConnectAsync(lab.EndPoint, "server");

        // Every send is issued without waiting for any echo; the echoes are read afterwards.
        for (var i = 0; i < 1000; i++)
        {
            await channel.SendAsync(Number(i));
        }

        for (var i = 0; i < 1000; i++)
        {
            var frame = await channel.ReceiveAsync().AsTask().WaitAsync(TlsLoopback.SafetyNet);
            Assert.Equal(i, BinaryPrimitives.ReadInt32BigEndian(frame));
        }
    }

    [Fact]
    public async Task Concurrent_senders_never_interleave_frames()
    {
        await using var lab = new TlsLoopback();
        await using var channel = await lab.Connector().ConnectAsync(lab.EndPoint, "server");

        var senders = Enumerable.Range(0, 4).Select(sender => Task.Run(async () =>
        {
            for (var i = 0; i < 250; i++)
            {
                var frame = new byte[1000 + sender];
                Array.Fill(frame, (byte)sender);
                BinaryPrimitives.WriteInt32BigEndian(frame, i);
                await channel.SendAsync(frame);
            }
        }));
        await Task.WhenAll(senders).WaitAsync(TlsLoopback.SafetyNet);

        var next = new int[4];
        for (var n = 0; n < 1000; n++)
        {
            var frame = (await channel.ReceiveAsync().AsTask().WaitAsync(TlsLoopback.SafetyNet))!;
            var sender = frame.Length - 1000;
            Assert.All(frame[4..], b => Assert.Equal(sender, b));
            Assert.Equal(next[sender]++, BinaryPrimitives.ReadInt32BigEndian(frame));
        }
    }

    [Fact]
    public async Task Frames_sent_while_a_write_is_under_way_go_out_together_in_one_write_in_order()
    {
        // Issue #13, perf: pipelined frames share one TLS record and one send(2).
        await using var lab = new TlsLoopback();
        var channel = (TlsFrameChannel)await lab.Connector().ConnectAsync(lab.EndPoint, "server");
        await using var _ = channel;
        const int Queued = 10;
        using var writing = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var batches = HoldFirstWrite(channel, writing, release); // the first write holds the writer's role

        var first = Task.Run(async () => await channel.SendAsync(Number(0)));
        Assert.True(writing.Wait(TlsLoopback.SafetyNet));
        var before = channel.StreamWrites;
        var queued = new List<Task>();
        for (var i = 1; i <= Queued; i++)
        {
            queued.Add(channel.SendAsync(Number(i)).AsTask()); // in order: each is queued before the next call
        }

        Assert.Equal(Queued, channel.QueuedFrames);
        Assert.All(queued, t => Assert.False(t.IsCompleted)); // not written yet: nobody is told so
        release.Set();
        await Task.WhenAll(queued.Append(first)).WaitAsync(TlsLoopback.SafetyNet);

        Assert.Equal([1, Queued], batches);
        Assert.Equal(2, channel.StreamWrites - before);
        for (var i = 0; i <= Queued; i++)
        {
            var echo = await channel.ReceiveAsync().AsTask().WaitAsync(TlsLoopback.SafetyNet);
            Assert.Equal(i, BinaryPrimitives.ReadInt32BigEndian(echo));
        }
    }

    [Fact]
    public async Task Frames_sent_all_at_once_go_out_in_one_write_in_order()
    {
        // Issue #13, receiver speed: the RECEIPTs of one group commit leave in one TLS record, one send(2).
        await using var lab = new TlsLoopback();
        var channel = (TlsFrameChannel)await lab.Connector().ConnectAsync(lab.EndPoint, "server");
        await using var _ = channel;
        var batches = new List<int>();
        channel.BeforeWrite = batches.Add;

        await channel.SendAllAsync([.. Enumerable.Range(0, 16).Select(i => (ReadOnlyMemory<byte>)Number(i))]).AsTask().WaitAsync(TlsLoopback.SafetyNet);

        Assert.Equal([16], batches); // before: one write per frame
        for (var i = 0; i < 16; i++)
        {
            Assert.Equal(i, BinaryPrimitives.ReadInt32BigEndian(await channel.ReceiveAsync().AsTask().WaitAsync(TlsLoopback.SafetyNet)));
        }
    }

    [Fact]
    public async Task Frames_sent_all_at_once_while_a_write_is_under_way_follow_it_together()
    {
        await using var lab = new TlsLoopback();
        var channel = (TlsFrameChannel)await lab.Connector().ConnectAsync(lab.EndPoint, "server");
        await using var _ = channel;
        using var writing = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var batches = HoldFirstWrite(channel, writing, release);

        var first = Task.Run(async () => await channel.SendAsync(Number(0)));
        Assert.True(writing.Wait(TlsLoopback.SafetyNet));
        var all = channel.SendAllAsync([.. Enumerable.Range(1, 8).Select(i => (ReadOnlyMemory<byte>)Number(i))]).AsTask();
        Assert.Equal(8, channel.QueuedFrames);
        Assert.False(all.IsCompleted);
        release.Set();
        await Task.WhenAll(first, all).WaitAsync(TlsLoopback.SafetyNet);

        Assert.Equal([1, 8], batches);
        for (var i = 0; i <= 8; i++)
        {
            Assert.Equal(i, BinaryPrimitives.ReadInt32BigEndian(await channel.ReceiveAsync().AsTask().WaitAsync(TlsLoopback.SafetyNet)));
        }
    }

    [Fact]
    public async Task A_queued_frame_whose_caller_gives_up_is_not_written()
    {
        await using var lab = new TlsLoopback();
        var channel = (TlsFrameChannel)await lab.Connector().ConnectAsync(lab.EndPoint, "server");
        await using var _ = channel;
        using var writing = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        HoldFirstWrite(channel, writing, release);

        var first = Task.Run(async () => await channel.SendAsync(Number(0)));
        Assert.True(writing.Wait(TlsLoopback.SafetyNet));
        using var giveUp = new CancellationTokenSource();
        var abandoned = channel.SendAsync(Number(1), giveUp.Token).AsTask();
        var kept = channel.SendAsync(Number(2)).AsTask();
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(TlsLoopback.SafetyNet));
        release.Set();
        await Task.WhenAll(first, kept).WaitAsync(TlsLoopback.SafetyNet);

        Assert.Equal(0, BinaryPrimitives.ReadInt32BigEndian(await channel.ReceiveAsync().AsTask().WaitAsync(TlsLoopback.SafetyNet)));
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(await channel.ReceiveAsync().AsTask().WaitAsync(TlsLoopback.SafetyNet)));
    }

    /// <summary>
    /// Holds the channel's first write (after setting <paramref name="writing"/>) until
    /// <paramref name="release"/> is set, so later sends queue behind it; returns the frame count of
    /// every write, in order.
    /// </summary>
    private static List<int> HoldFirstWrite(TlsFrameChannel channel, ManualResetEventSlim writing, ManualResetEventSlim release)
    {
        var batches = new List<int>();
        channel.BeforeWrite = count =>
        {
            batches.Add(count);
            if (batches.Count == 1)
            {
                writing.Set();
                Assert.True(release.Wait(TlsLoopback.SafetyNet));
            }
        };
        return batches;
    }

    private static byte[] Number(int i)
    {
        var frame = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(frame, i);
        return frame;
    }

    /// <summary>Reads until the server closes; 0 at the end (an error counts as closed too).</summary>
    private static async Task<int> ReadToEndAsync(System.Net.Security.SslStream stream)
    {
        try
        {
            var buffer = new byte[64];
            while (await stream.ReadAsync(buffer).AsTask().WaitAsync(TlsLoopback.SafetyNet) > 0)
            {
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
