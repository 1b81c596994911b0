using System.Globalization;
using Messngr.Bench.Load;
using Messngr.Bench.Peers;

namespace Messngr.Bench.Harness;

/// <summary>Turns a <see cref="LoadResult"/> into a <see cref="ResultRow"/> and logs progress on standard error.</summary>
public static class Rows
{
    public static ResultRow From(string scenario, string variant, IPeer peer, LoadResult result, string unit, bool latencies = true, string note = "")
    {
        var failed = result.Failed > 0 ? $"{result.Failed.ToString("N0", CultureInfo.InvariantCulture)} failed/lost" : string.Empty;
        var all = string.Join("; ", new[] { $"{result.Completed.ToString("N0", CultureInfo.InvariantCulture)} ok in {result.Elapsed.TotalSeconds:0.0} s", failed, note }.Where(s => s.Length > 0));
        var row = new ResultRow(scenario, variant, peer.Kind, peer.Label, result.PerSecond, unit,
            latencies ? result.Latency.Percentile(50) : null, latencies ? result.Latency.Percentile(99) : null, all)
        {
            Completed = result.Completed,
        };
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench: {scenario} / {variant} / {peer.Label}: {row.Throughput:0} {unit} ({all})"));
        return row;
    }
}
