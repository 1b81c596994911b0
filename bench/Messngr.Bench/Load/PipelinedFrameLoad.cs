using System.Collections.Concurrent;
using System.Diagnostics;
using Messngr.Bench.Harness;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;
using Messngr.Wire.Native;

namespace Messngr.Bench.Load;

/// <summary>
/// MESSAGE frames pipelined on one HELLO'd native connection, <c>window</c> in flight (scenario
/// 7's receiver-capacity rows): a writer sends while fewer than <c>window</c> requests are open,
/// each on its own odd stream id (docs/native-protocol.md §6.2); a reader matches each RECEIPT to
/// its stream. A message counts on RECEIPT <i>stored</i>; latency runs from its send to its
/// receipt. No outbox, no <see cref="NativeSender"/>: this measures what the receiver can take on
/// one connection, the ceiling a pipelined sender approaches. Bounded by a count and a time;
/// answers still missing 30 s after the last send count as lost.
/// </summary>
internal static class PipelinedFrameLoad
{
    public static async Task<(LoadResult Result, IReadOnlyList<MessageId> Stored)> RunAsync(
        IFrameChannel channel, string recipient, string text, int window, int count, TimeSpan maxTime, CancellationToken cancellationToken)
    {
        var latency = new LatencyRecorder();
        var open = new ConcurrentDictionary<uint, (long Start, MessageId Id)>();
        var stored = new ConcurrentQueue<MessageId>();
        using var slots = new SemaphoreSlim(window, window);
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long completed = 0, failed = 0, last = 0;
        var began = Stopwatch.GetTimestamp();
        var deadline = began + (long)(maxTime.TotalSeconds * Stopwatch.Frequency);

        var reader = Task.Run(async () =>
        {
            try
            {
                while (await channel.ReceiveAsync(stopReading.Token).ConfigureAwait(false) is { } body)
                {
                    if (NativeFrameCodec.Decode(body, NativeLimits.MaxFrameLength).Frame is ReceiptFrame receipt && open.TryRemove(receipt.StreamId, out var request))
                    {
                        var now = Stopwatch.GetTimestamp();
                        if (receipt.State == NativeReceiptState.Stored)
                        {
                            latency.Record(now - request.Start);
                            stored.Enqueue(request.Id);
                            Interlocked.Increment(ref completed);
                            Interlocked.Exchange(ref last, now);
                        }
                        else
                        {
                            Interlocked.Increment(ref failed);
                        }

                        slots.Release();
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or TlsChannelException)
            {
                // stopped, or the connection ended: what is still open counts as lost
            }
        }, CancellationToken.None);

        uint stream = 1;
        for (var sent = 0; sent < count && Stopwatch.GetTimestamp() < deadline && !reader.IsCompleted; sent++)
        {
            if (!await slots.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false))
            {
                break; // the receiver stopped answering
            }

            var id = MessageId.New();
            var now = DateTimeOffset.UtcNow;
            var frame = new MessageFrame(stream, NativeFrameCodec.ToWire(id), NativePriority.Normal, false, NativeFrameCodec.ToWire(now), 0, Guid.Empty, "bench", recipient, string.Empty, text);
            open[stream] = (Stopwatch.GetTimestamp(), id);
            await channel.SendAsync(NativeFrameCodec.Encode(frame), cancellationToken).ConfigureAwait(false);
            stream += 2;
        }

        var waitUntil = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
        while (!open.IsEmpty && !reader.IsCompleted && Stopwatch.GetTimestamp() < waitUntil)
        {
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        }

        await stopReading.CancelAsync().ConfigureAwait(false);
        await reader.ConfigureAwait(false);
        var end = Interlocked.Read(ref last);
        var elapsed = Stopwatch.GetElapsedTime(began, end > began ? end : Stopwatch.GetTimestamp());
        return (new LoadResult(completed, failed + open.Count, elapsed, latency), [.. stored]);
    }
}
