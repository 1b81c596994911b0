using System.Diagnostics;
using System.Globalization;

namespace Messngr.Interop.Tests.Support;

/// <summary>How the test harnesses end a child they started: SIGTERM and a clean exit, killed only when it hangs.</summary>
internal static class ProcessEnd
{
    /// <summary>SIGTERM, then waits up to 15 s for the exit (kills the tree after that); returns the exit code.</summary>
    public static int Stop(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (!process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            kill?.WaitForExit();
            if (!process.WaitForExit(15_000))
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.WaitForExit(); // and the output read to its end
        return process.ExitCode;
    }

    /// <summary>Kills a child still running (a test that failed half-way) and releases it.</summary>
    public static void Dispose(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
