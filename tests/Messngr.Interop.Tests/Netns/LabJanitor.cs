using System.Globalization;

namespace Messngr.Interop.Tests.Netns;

/// <summary>
/// Owner records for labs, so that a run killed without cleanup (SIGKILL, power cut of the test
/// host) does not leave namespaces and daemons behind forever: each lab writes
/// <c>/tmp/messngr-lab-SUFFIX/owner</c> (pid and start time of the test process) before it creates
/// anything; a later lab removes labs whose owner is gone. Labs of live runs are never touched.
/// </summary>
internal static class LabJanitor
{
    /// <summary>Always under /tmp (not $TMPDIR): runs with different environments must see each other's owners,
    /// and the guest user Samba's message command runs as must reach it.</summary>
    public static string DirectoryFor(string suffix) => $"/tmp/messngr-lab-{suffix}";

    /// <summary>Writes the owner record of this process into <paramref name="directory"/>.</summary>
    public static void Claim(string directory) =>
        File.WriteAllText(Path.Combine(directory, "owner"), OwnerId(Environment.ProcessId) ?? string.Empty);

    /// <summary>Destroys every lab whose owner process no longer exists.</summary>
    public static void ReapAbandoned()
    {
        var suffixes = NetnsCommand.List()
            .Where(ns => ns.StartsWith(LabNetwork.Prefix, StringComparison.Ordinal))
            .Select(ns => ns[LabNetwork.Prefix.Length..].Split('-')[0])
            .Distinct(StringComparer.Ordinal);
        foreach (var suffix in suffixes)
        {
            var directory = DirectoryFor(suffix);
            if (IsOwnerAlive(directory))
            {
                continue;
            }

            LabNetwork.Destroy(suffix);
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

    private static bool IsOwnerAlive(string directory)
    {
        string recorded;
        try
        {
            recorded = File.ReadAllText(Path.Combine(directory, "owner")).Trim();
        }
        catch (IOException)
        {
            return false; // a lab writes its owner before its first namespace: no owner means abandoned
        }

        var pid = recorded.Split(' ')[0];
        return int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && OwnerId(id) == recorded;
    }

    /// <summary>"PID STARTTIME" (field 22 of /proc/PID/stat), which a reused pid does not repeat; null if no such process.</summary>
    private static string? OwnerId(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return $"{pid} {fields[19]}";
        }
        catch (IOException)
        {
            return null;
        }
    }
}
