using System.Globalization;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Netns;

/// <summary>
/// The few <c>ip</c>/<c>kill</c> invocations the lab needs: create and delete namespaces, veths and
/// the bridge, list and end the processes living in a namespace. Every call is bounded and throws
/// with the tool's message when it fails.
/// </summary>
internal static class NetnsCommand
{
    /// <summary>Runs <c>ip ARGS</c>; throws with its stderr on a non-zero exit.</summary>
    public static void Ip(params string[] args)
    {
        var result = Tool.Run("ip", args, timeoutMs: 10_000);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)} failed ({result.ExitCode}): {result.Error.Trim()}");
        }
    }

    /// <summary>Runs a command inside <paramref name="ns"/> (through <c>ip netns exec</c>).</summary>
    public static Tool.Result Exec(string ns, IReadOnlyList<string> command, string? input = null, int timeoutMs = 30_000) =>
        Tool.Run("ip", ["netns", "exec", ns, .. command], input, timeoutMs);

    /// <summary>Same as <see cref="Exec"/> but throws when the command fails.</summary>
    public static string ExecChecked(string ns, params string[] command)
    {
        var result = Exec(ns, command, timeoutMs: 10_000);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"in netns {ns}: {string.Join(' ', command)} failed ({result.ExitCode}): {result.Error.Trim()}{result.Output.Trim()}");
        }

        return result.Output;
    }

    /// <summary>The names <c>ip netns list</c> shows.</summary>
    public static IReadOnlyList<string> List()
    {
        var result = Tool.Run("ip", ["netns", "list"], timeoutMs: 10_000);
        // Lines look like "mlab-1a2b-a (id: 3)" or just the name.
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2)[0].Trim())
            .ToList();
    }

    /// <summary>Process ids of everything running in <paramref name="ns"/>.</summary>
    public static IReadOnlyList<int> Pids(string ns)
    {
        var result = Tool.Run("ip", ["netns", "pids", ns], timeoutMs: 10_000);
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.Parse(p.Trim(), CultureInfo.InvariantCulture))
            .ToList();
    }

    /// <summary>
    /// SIGKILLs every process in <paramref name="ns"/> (all of them were started by the lab inside
    /// its own namespace), waits up to 5 s for them to go and deletes the namespace. Never throws.
    /// </summary>
    public static void Destroy(string ns)
    {
        try
        {
            var pids = Pids(ns);
            if (pids.Count > 0)
            {
                Tool.Run("kill", ["-KILL", .. pids.Select(p => p.ToString(CultureInfo.InvariantCulture))], timeoutMs: 10_000);
                var deadline = DateTime.UtcNow.AddSeconds(5);
                while (DateTime.UtcNow < deadline && Pids(ns).Count > 0)
                {
                    Thread.Sleep(50);
                }
            }

            Tool.Run("ip", ["netns", "delete", ns], timeoutMs: 10_000);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception or FormatException)
        {
            // Best effort: a namespace that is already gone or a tool that failed must not hide the test result.
        }
    }

    /// <summary>Sends <paramref name="signal"/> (e.g. TERM, INT) to one process.</summary>
    public static void Signal(int pid, string signal) =>
        Tool.Run("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)], timeoutMs: 10_000);

    /// <summary>Sets a file's Unix mode (the lab only runs on Linux; namespaces need it).</summary>
    public static void Chmod(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }
}
