using System.Text.Json;
using Messngr.Bench.Harness;

namespace Messngr.Bench.Measure;

/// <summary>
/// The counters of a running messngr daemon, as <c>messngr status --json</c> prints them (received,
/// accepted, malformed, ignored, droppedQueueFull, rejectedPolicy, rejectedRateLimit, storeFailures).
/// The control API is a Unix socket in the state directory, so no namespace is needed to ask.
/// </summary>
internal static class DaemonCounters
{
    public static IReadOnlyDictionary<string, long> Read(IReadOnlyList<string> messngr, string stateDirectory)
    {
        var result = Tool.Run(messngr[0], [.. messngr.Skip(1), "status", "--json", "--state-dir", stateDirectory]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"messngr status --json failed ({result.ExitCode}): {result.Error.Trim()}");
        }

        using var json = JsonDocument.Parse(result.Output);
        return json.RootElement.GetProperty("counters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
    }

    /// <summary><paramref name="after"/> minus <paramref name="before"/>, key by key.</summary>
    public static IReadOnlyDictionary<string, long> Delta(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        after.ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key), StringComparer.Ordinal);
}
