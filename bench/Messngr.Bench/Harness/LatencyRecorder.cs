using System.Diagnostics;

namespace Messngr.Bench.Harness;

/// <summary>
/// Latency samples of one load, HDR-style in spirit but simpler: a bounded array of raw
/// <see cref="Stopwatch"/> ticks (samples beyond <see cref="Capacity"/> are counted, not kept),
/// sorted once when percentiles are asked. Thread-safe <see cref="Record"/>.
/// </summary>
public sealed class LatencyRecorder
{
    private readonly long[] _samples;
    private long _count;

    public LatencyRecorder(int capacity = 1 << 20) => _samples = new long[capacity];

    public int Capacity => _samples.Length;

    /// <summary>Samples recorded (including those beyond the capacity).</summary>
    public long Count => Interlocked.Read(ref _count);

    public void Record(long elapsedTicks)
    {
        var i = Interlocked.Increment(ref _count) - 1;
        if (i < _samples.Length)
        {
            _samples[i] = elapsedTicks;
        }
    }

    /// <summary>Records the time since <paramref name="startTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void RecordSince(long startTimestamp) => Record(Stopwatch.GetTimestamp() - startTimestamp);

    /// <summary>Percentiles (0–100) of the kept samples; null when there are none.</summary>
    public TimeSpan? Percentile(double percent)
    {
        var kept = (int)Math.Min(Count, _samples.Length);
        if (kept == 0)
        {
            return null;
        }

        var sorted = _samples.AsSpan(0, kept).ToArray();
        Array.Sort(sorted);
        var index = Math.Clamp((int)Math.Ceiling(percent / 100 * kept) - 1, 0, kept - 1);
        return Stopwatch.GetElapsedTime(0, sorted[index]);
    }
}
