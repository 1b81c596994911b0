using System.Diagnostics;
using Messngr.Bench.Harness;

namespace Messngr.Bench.Measure;

/// <summary>
/// Times one short-lived program from <c>Process.Start</c> to its exit, started from the lab's
/// thread inside a namespace: fork(2) copies the calling thread's namespaces, so the child lives in
/// <see cref="BenchHost"/>'s network namespace without the cost of <c>ip netns exec</c> (which would
/// add its own process start and a mount namespace to every sample).
/// </summary>
internal static class ProcessTimer
{
    /// <summary>One run: wall time, exit code, what it printed (for error messages), its page faults (<see cref="ChildFaults"/>; -1 unknown).</summary>
    internal readonly record struct Run(double Milliseconds, int ExitCode, string Output, long PageFaults = -1);

    public static Run Time(BenchLab lab, BenchHost host, IReadOnlyList<string> command, string? input = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["LC_ALL"] = "C.UTF-8";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var limit = timeout ?? TimeSpan.FromSeconds(30);
        return lab.InNamespace(host, () =>
        {
            var faults = ChildFaults.Read();
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command[0]} did not start");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (input is not null)
            {
                process.StandardInput.Write(input);
                process.StandardInput.Close();
            }

            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new TimeoutException($"{string.Join(' ', command)} did not finish within {limit.TotalSeconds} s in {host}");
            }

            var elapsed = clock.Elapsed.TotalMilliseconds;
            process.WaitForExit(); // drains the output readers
            var childFaults = ChildFaults.Read() - faults; // reaped by now: its rusage is in RUSAGE_CHILDREN
            return new Run(elapsed, process.ExitCode, (output.GetAwaiter().GetResult() + error.GetAwaiter().GetResult()).Trim(), faults < 0 ? -1 : childFaults);
        });
    }
}
