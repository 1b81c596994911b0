using System.Diagnostics;
using System.Text;

namespace Messngr.Bench.Harness;

/// <summary>Runs short-lived commands (ip, sysctl, kill, ss) with a bounded wait; killed when the time is up.</summary>
public static class Tool
{
    public static ToolResult Run(string program, IReadOnlyList<string> args, int timeoutMs = 10_000)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {timeoutMs} ms");
        }

        process.WaitForExit();
        return new ToolResult(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }

    /// <summary>Runs <c>ip ARGS</c>; throws with its stderr on a non-zero exit.</summary>
    public static void Ip(params string[] args)
    {
        var result = Run("ip", args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)} failed ({result.ExitCode}): {result.Error.Trim()}");
        }
    }

    /// <summary>Runs a command inside network namespace <paramref name="ns"/>.</summary>
    public static ToolResult Exec(string ns, IReadOnlyList<string> command, int timeoutMs = 10_000) =>
        Run("ip", ["netns", "exec", ns, .. command], timeoutMs);

    /// <summary>Same as <see cref="Exec"/> but throws when the command fails.</summary>
    public static string ExecChecked(string ns, params string[] command)
    {
        var result = Exec(ns, command);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"in netns {ns}: {string.Join(' ', command)} failed ({result.ExitCode}): {result.Error.Trim()}");
        }

        return result.Output;
    }
}
