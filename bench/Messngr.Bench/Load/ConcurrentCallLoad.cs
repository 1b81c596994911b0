using System.Diagnostics;
using Messngr.Bench.Harness;

namespace Messngr.Bench.Load;

/// <summary>
/// <c>senders</c> concurrent workers, each awaiting one call at a time (scenario 7: a native send
/// until its <i>stored</i> receipt, a JetStream publish until its acknowledgement). A call counts
/// when it returns true; its latency runs from the call to its answer. Bounded by a count and by
/// <c>maxTime</c> (no new call after it); a call that throws or returns false is a failure.
/// </summary>
public static class ConcurrentCallLoad
{
    public static async Task<LoadResult> RunAsync(int senders, int count, TimeSpan maxTime, Func<CancellationToken, Task<bool>> call, CancellationToken cancellationToken)
    {
        var latency = new LatencyRecorder();
        long issued = 0, completed = 0, failed = 0, last = 0, reported = 0;
        var began = Stopwatch.GetTimestamp();
        var deadline = began + (long)(maxTime.TotalSeconds * Stopwatch.Frequency);
        bool More() => Stopwatch.GetTimestamp() < deadline && Interlocked.Increment(ref issued) <= count;

        async Task Worker()
        {
            while (More())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await call(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    if (Interlocked.Increment(ref reported) <= 3)
                    {
                        Console.Error.WriteLine($"bench: a call failed: {ex.GetType().Name}: {ex.Message}");
                    }

                    ok = false;
                }

                var now = Stopwatch.GetTimestamp();
                if (ok)
                {
                    latency.Record(now - start);
                    Interlocked.Increment(ref completed);
                    Interlocked.Exchange(ref last, now);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(Worker, cancellationToken))).ConfigureAwait(false);
        var end = Interlocked.Read(ref last);
        var elapsed = Stopwatch.GetElapsedTime(began, end > began ? end : Stopwatch.GetTimestamp());
        return new LoadResult(completed, failed, elapsed, latency);
    }
}
