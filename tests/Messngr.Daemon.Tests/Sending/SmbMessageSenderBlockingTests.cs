using System.Diagnostics;
using Messngr.Daemon.Sending;
using Messngr.Daemon.Sending.Transports;

namespace Messngr.Daemon.Tests.Sending;

/// <summary>
/// Every <see cref="SmbMessageSenderTests"/> case again with <see cref="TransportSettings.BlockingIo"/>
/// (what <c>messngr send</c> uses), and what only that mode has: it finishes on the calling thread,
/// and the recipient's <see cref="SendDeadline"/> bounds its waits.
/// </summary>
[Collection(Collection)]
public sealed class SmbMessageSenderBlockingTests : SmbMessageSenderTests
{
    protected override bool Blocking => true;

    [Fact]
    public async Task Send_finishes_on_the_calling_thread()
    {
        var task = SendAsync(new ClassicMessage("alice", "HOSTB", "on this thread"));
        Assert.True(task.IsCompleted, "the blocking sender returned an unfinished task: something in it awaited asynchronous I/O");
        var result = await task;
        Assert.True(result.Outcome == SendOutcome.Delivered, result.Detail + "\n" + Trace);
    }

    [Fact]
    public async Task Recipient_deadline_ends_a_wait_long_before_the_step_timeout()
    {
        await using var peer = new FakeTcpPeer(async (stream, ct) =>
        {
            await FakeTcpPeer.ReadFrameAsync(stream, ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        var clock = Stopwatch.StartNew();
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "hi"), peer.EndPoint,
            new TransportSettings { Timeout = TimeSpan.FromSeconds(20) }, deadline: SendDeadline.After(TimeSpan.FromSeconds(2)));
        Assert.Equal(SendOutcome.TimedOut, result.Outcome);
        Assert.Contains("did not answer the session request within 2 s", result.Detail, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"waited {clock.Elapsed} for a 2 s deadline"); // the step timeout is 20 s
    }

    [Fact]
    public async Task Passed_deadline_times_out_before_the_message_goes()
    {
        var deadline = SendDeadline.After(TimeSpan.Zero);
        var result = await SendAsync(new ClassicMessage("alice", "HOSTB", "late"), deadline: deadline);
        Assert.Equal(SendOutcome.TimedOut, result.Outcome);
        Assert.Null(await _fixture.NextMessageAsync(300));
    }
}
