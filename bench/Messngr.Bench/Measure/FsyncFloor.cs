using System.Globalization;

namespace Messngr.Bench.Measure;

/// <summary>
/// Scenario 7's fsync floor (issue #13): runs <c>out/bench/fsync DIR SECONDS</c>
/// (<c>bench/floor/fsync.c</c>, built by <c>bench/run.sh</c>): write(2) of a 128-byte record +
/// fdatasync(2) in a loop, one in flight, on DIR's filesystem — the most commits per second that
/// full durability with one message in flight can reach on that disk, whatever the software.
/// </summary>
internal static class FsyncFloor
{
    public sealed record Result(long Commits, TimeSpan Elapsed, TimeSpan P50, TimeSpan P99)
    {
        public double PerSecond => Elapsed > TimeSpan.Zero ? Commits / Elapsed.TotalSeconds : 0;
    }

    public static string ProgramPath(string repoRoot) => Path.Combine(repoRoot, "out", "bench", "fsync");

    /// <summary>One run of <paramref name="duration"/> in <paramref name="directory"/> (its file is removed by the program).</summary>
    public static Result Run(string repoRoot, string directory, TimeSpan duration)
    {
        var program = ProgramPath(repoRoot);
        if (!File.Exists(program))
        {
            throw new InvalidOperationException($"{program} is missing: bench/run.sh builds it from bench/floor/fsync.c with gcc or clang");
        }

        var seconds = duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var run = Harness.Tool.Run(program, [directory, seconds], timeoutMs: (int)duration.TotalMilliseconds + 60_000);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {directory} {seconds} failed ({run.ExitCode}): {run.Error.Trim()}");
        }

        // commits=N seconds=S per_second=R p50_us=A p99_us=B
        var fields = run.Output.Trim().Split(' ').Select(f => f.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        double Field(string name) => fields.TryGetValue(name, out var value)
            ? double.Parse(value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"{program} printed no {name}: {run.Output.Trim()}");
        return new Result((long)Field("commits"), TimeSpan.FromSeconds(Field("seconds")), TimeSpan.FromMicroseconds(Field("p50_us")), TimeSpan.FromMicroseconds(Field("p99_us")));
    }
}
