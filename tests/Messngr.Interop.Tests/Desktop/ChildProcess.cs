using System.Collections.Concurrent;
using System.Diagnostics;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Desktop;

/// <summary>
/// A long-running child (messngr agent, Xvfb, dunst, dbus-monitor) with its own environment
/// variables, its standard output and error collected line by line; killed on dispose.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _error = new();

    private ChildProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _error.Enqueue(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output => string.Join('\n', _output);

    public string Error => string.Join('\n', _error);

    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("DBUS_SESSION_BUS_ADDRESS"); // never the host's session bus
        start.Environment.Remove("DISPLAY");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start"));
    }

    /// <summary>The real messngr (the built messngr.dll) with these arguments.</summary>
    public static ChildProcess Messngr(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "messngr.dll"), .. args], environment);

    /// <summary>Waits (generous safety net) until <paramref name="condition"/> holds of this child.</summary>
    public void WaitFor(Func<ChildProcess, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new TimeoutException($"{what}: not within 60 s (exited: {_process.HasExited}).\n--- output ---\n{Output}\n--- error ---\n{Error}");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>Waits (60 s at most) for a child that ends by itself; returns its exit code, its output all read.</summary>
    public int WaitForExit()
    {
        if (!_process.WaitForExit(60_000))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"did not end within 60 s.\n--- output ---\n{Output}\n--- error ---\n{Error}");
        }

        _process.WaitForExit(); // and the output read to its end
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, then waits for the exit; returns the exit code.</summary>
    public int Stop() => ProcessEnd.Stop(_process);

    public void Dispose() => ProcessEnd.Dispose(_process);
}
