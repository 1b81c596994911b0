using System.Diagnostics;

namespace Messngr.Daemon.Tests.Control;

/// <summary>Runs a small Python client of the control socket as uid/gid 65534 (setpriv): the second local user.</summary>
internal static class NobodyClient
{
    /// <summary>Runs <paramref name="script"/> with the socket path and each request as arguments; one output line per request.</summary>
    public static async Task<string[]> RunAsync(string script, string socketPath, params string[] requests)
    {
        var start = new ProcessStartInfo("/usr/bin/setpriv") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", script, socketPath, .. requests])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"client as nobody failed: {error}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(requests.Length, lines.Length);
        return lines;
    }
}
