namespace Messngr.Bench.Harness;

/// <summary>
/// Runs one measured load <see cref="BenchOptions.Repeats"/> times and keeps the median by
/// throughput: the machine is shared (2 cores, other work), and a single 3-second sample can be
/// hit by a burst of someone else's work.
/// </summary>
public static class Repeat
{
    public static async Task<T> MedianAsync<T>(int times, Func<Task<T>> run, Func<T, double> throughput)
    {
        var results = new List<T>();
        for (var i = 0; i < Math.Max(1, times); i++)
        {
            results.Add(await run());
        }

        return results.OrderBy(throughput).ElementAt(results.Count / 2);
    }

    public static T Median<T>(int times, Func<T> run, Func<T, double> throughput) =>
        MedianAsync(times, () => Task.FromResult(run()), throughput).GetAwaiter().GetResult();
}
