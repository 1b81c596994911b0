using System.Globalization;
using System.Runtime.InteropServices;

namespace Messngr.Bench.Measure;

/// <summary>
/// Memory and CPU of a set of processes, read from /proc: resident set (VmRSS of
/// <c>/proc/PID/status</c>), proportional set (Pss of <c>/proc/PID/smaps_rollup</c>: shared pages
/// divided among their users, so Samba's forked children are not counted twice) and CPU time
/// (utime + stime of <c>/proc/PID/stat</c>, in clock ticks). Processes that vanish between two reads
/// simply count no more.
/// </summary>
internal static partial class ProcessCost
{
    private const int ScClkTck = 2; // <unistd.h> _SC_CLK_TCK

    /// <summary>Clock ticks per second of utime/stime (100 on Linux, asked for all the same).</summary>
    public static long TicksPerSecond { get; } = Math.Max(1, sysconf(ScClkTck));

    /// <summary>Memory of <paramref name="pids"/> together, in KiB (PSS null when smaps_rollup is missing).</summary>
    public static Memory ReadMemory(IEnumerable<int> pids)
    {
        long rss = 0;
        long? pss = 0;
        var count = 0;
        var threads = 0;
        foreach (var pid in pids)
        {
            var status = ReadOrNull($"/proc/{pid}/status");
            if (status is null)
            {
                continue;
            }

            count++;
            rss += Field(status, "VmRSS:") ?? 0;
            threads += (int)(Field(status, "Threads:") ?? 0);
            var rollup = ReadOrNull($"/proc/{pid}/smaps_rollup");
            pss = rollup is null || pss is null ? null : pss + (Field(rollup, "Pss:") ?? 0);
        }

        return new Memory(count, rss, pss, threads);
    }

    /// <summary>utime + stime of <paramref name="pids"/>, by pid (ticks).</summary>
    public static IReadOnlyDictionary<int, long> ReadCpu(IEnumerable<int> pids)
    {
        var result = new Dictionary<int, long>();
        foreach (var pid in pids)
        {
            var stat = ReadOrNull($"/proc/{pid}/stat");
            if (stat is null)
            {
                continue;
            }

            // "pid (comm) state ppid …": comm may hold spaces and parentheses; fields count from after the last ')'.
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // rest[0] is field 3 (state): utime is field 14, stime field 15.
            result[pid] = long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
        }

        return result;
    }

    /// <summary>CPU milliseconds the processes used between two <see cref="ReadCpu"/> snapshots (processes in both).</summary>
    public static double CpuMilliseconds(IReadOnlyDictionary<int, long> before, IReadOnlyDictionary<int, long> after)
    {
        long ticks = 0;
        foreach (var (pid, end) in after)
        {
            ticks += end - before.GetValueOrDefault(pid, end);
        }

        return ticks * 1000.0 / TicksPerSecond;
    }

    /// <summary>The processes living in network namespace <paramref name="ns"/> (<c>ip netns pids</c>).</summary>
    public static IReadOnlyList<int> NamespacePids(string ns) =>
        Harness.Tool.Run("ip", ["netns", "pids", ns]).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();

    private static long? Field(string text, string key)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LibraryImport("libc")]
    private static partial long sysconf(int name);

    /// <summary>Memory of a process set: how many processes, summed RSS and PSS in KiB, and their threads.</summary>
    internal readonly record struct Memory(int Processes, long RssKiB, long? PssKiB, int Threads)
    {
        public string Describe() => PssKiB is { } pss
            ? $"{RssKiB / 1024.0:0.0} MiB RSS, {pss / 1024.0:0.0} MiB PSS ({Processes} process{(Processes == 1 ? "" : "es")}, {Threads} threads)"
            : $"{RssKiB / 1024.0:0.0} MiB RSS ({Processes} process{(Processes == 1 ? "" : "es")}, {Threads} threads)";
    }
}
