using Messngr.Bench.Harness;

namespace Messngr.Bench.Load;

/// <summary>What one bounded load achieved: correct replies, failures (lost, refused, broken), the time they took, their latencies.</summary>
public sealed record LoadResult(long Completed, long Failed, TimeSpan Elapsed, LatencyRecorder Latency)
{
    public double PerSecond => Elapsed > TimeSpan.Zero ? Completed / Elapsed.TotalSeconds : 0;
}
