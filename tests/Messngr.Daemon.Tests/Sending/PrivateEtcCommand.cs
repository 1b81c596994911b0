using System.Diagnostics;

namespace Messngr.Daemon.Tests.Sending;

/// <summary>
/// Runs the real messngr binary with files of its own in /etc — an overlay over /etc in a private
/// mount namespace (unshare(1)), so the host's /etc is never touched — and, when asked, as uid
/// 65534 (setpriv(1)). Needs root (CI runs as root).
/// </summary>
internal static class PrivateEtcCommand
{
    public static string Messngr => Path.Combine(AppContext.BaseDirectory, "messngr");

    /// <summary>
    /// <paramref name="etcFiles"/> maps a path under /etc to the file copied there (mode 0600, root's);
    /// <paramref name="command"/> is the program and its arguments; <paramref name="scratch"/> a directory for the overlay.
    /// </summary>
    public static async Task<(int Exit, string Output, string Error)> RunAsync(
        string scratch, IReadOnlyDictionary<string, string> etcFiles, bool asNobody, params string[] command)
    {
        string[] program = asNobody ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", .. command] : command;
        if (etcFiles.Count > 0)
        {
            var upper = Directory.CreateDirectory(Path.Combine(scratch, $"upper-{Guid.NewGuid():N}")).FullName;
            var work = Directory.CreateDirectory(Path.Combine(scratch, $"work-{Guid.NewGuid():N}")).FullName;
            var copies = string.Concat(etcFiles.Select(f =>
                $"mkdir -p '{Path.GetDirectoryName(f.Key)}'; cp '{f.Value}' '{f.Key}'; chown root:root '{f.Key}'; chmod 600 '{f.Key}'\n"));
            var script = $"""
                set -e
                mount -t overlay overlay -o "lowerdir=/etc,upperdir=$1,workdir=$2" /etc
                {copies}
                shift 2
                exec "$@"
                """;
            program = ["/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", script, "sh", upper, work, .. program];
        }

        var start = new ProcessStartInfo(program[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in program.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HOME"] = scratch;
        start.Environment.Remove("MESSNGR_CONFIG");
        start.Environment.Remove("MESSNGR_STATE_DIR");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await error);
    }
}
