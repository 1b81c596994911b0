using System.Globalization;

namespace Messngr.Bench.Harness;

/// <summary>
/// Owner records so that a run killed without cleanup (SIGKILL, a lost terminal) does not leave
/// namespaces and daemons behind: each run writes <c>/tmp/mbench-SUFFIX/owner</c> (pid and start
/// time) before it creates anything; every run starts by removing the runs whose owner is gone.
/// Namespaces of live runs are never touched.
/// </summary>
public static class BenchJanitor
{
    public static string DirectoryFor(string suffix) => $"/tmp/mbench-{suffix}";

    public static void Claim(string directory) =>
        File.WriteAllText(Path.Combine(directory, "owner"), OwnerId(Environment.ProcessId) ?? string.Empty);

    /// <summary>Suffixes of other bench runs that are alive now (their measurements and ours disturb each other).</summary>
    public static IReadOnlyList<string> LiveRuns(string exceptSuffix) =>
        Suffixes().Where(s => s != exceptSuffix && IsOwnerAlive(DirectoryFor(s))).ToList();

    /// <summary>Destroys every bench run whose owner process no longer exists.</summary>
    public static void ReapAbandoned()
    {
        foreach (var suffix in Suffixes())
        {
            var directory = DirectoryFor(suffix);
            if (IsOwnerAlive(directory))
            {
                continue;
            }

            Console.Error.WriteLine($"bench: removing the abandoned run {suffix}");
            BenchNetwork.Destroy(suffix);
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // never written or already gone
            }
        }
    }

    private static IEnumerable<string> Suffixes() =>
        BenchNetwork.List().Select(ns => ns[BenchNetwork.Prefix.Length..].Split('-')[0]).Distinct(StringComparer.Ordinal);

    private static bool IsOwnerAlive(string directory)
    {
        string recorded;
        try
        {
            recorded = File.ReadAllText(Path.Combine(directory, "owner")).Trim();
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }

        var pid = recorded.Split(' ')[0];
        return int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && OwnerId(id) == recorded;
    }

    /// <summary>"PID STARTTIME" (field 22 of /proc/PID/stat); null if no such process.</summary>
    private static string? OwnerId(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return $"{pid} {fields[19]}";
        }
        catch (IOException)
        {
            return null;
        }
    }
}
