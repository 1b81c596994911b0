using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Messngr.Bench.Harness;

/// <summary>
/// A long-running program in a bench namespace (<c>ip netns exec NS PROGRAM ARGS</c>, which execs
/// in place, so <see cref="Pid"/> is the program). Standard error is kept (the last
/// <see cref="MaxLines"/> lines); standard output too, unless it goes to a file. Standard input
/// stays open for the child's lifetime (Samba's daemons in the foreground end on EOF there).
/// </summary>
public sealed class BenchProcess : IDisposable
{
    public const int MaxLines = 2000;

    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly Queue<string> _error = new();
    private readonly Lock _lock = new();
    private bool _disposed;

    private BenchProcess(Process process, string description)
    {
        _process = process;
        Pid = process.Id;
        Description = description;
        _process.OutputDataReceived += (_, e) => Keep(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(_error, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Description { get; }

    public int Pid { get; }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _error);
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="command"/> in <paramref name="host"/>. With <paramref name="stdoutFile"/>
    /// its standard output goes to that file (through <c>sh -c 'exec "$@" &gt;FILE'</c>), so a chatty
    /// peer costs no CPU in the bench process.
    /// </summary>
    public static BenchProcess Start(BenchHost host, IReadOnlyList<string> command, IReadOnlyDictionary<string, string>? environment = null, string? stdoutFile = null)
    {
        var start = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        IEnumerable<string> args = stdoutFile is null
            ? command
            : ["/bin/sh", "-c", $"exec \"$@\" >'{stdoutFile}'", "sh", .. command];
        foreach (var arg in new[] { "netns", "exec", host.Namespace }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["LC_ALL"] = "C.UTF-8";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{command[0]} did not start in {host}");
        return new BenchProcess(process, $"{Path.GetFileName(command[0])} in {host.Role}");
    }

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds, the process exits or time runs out.</summary>
    public bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            if (_process.HasExited)
            {
                _process.WaitForExit();
                return condition();
            }

            Thread.Sleep(50);
        }

        return condition();
    }

    /// <summary>SIGTERM, a bounded wait, then SIGKILL.</summary>
    public void Stop(TimeSpan? timeout = null)
    {
        if (!_process.HasExited)
        {
            Tool.Run("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]);
            if (!_process.WaitForExit((int)(timeout ?? TimeSpan.FromSeconds(10)).TotalMilliseconds))
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.WaitForExit();
    }

    public string Describe() => $"{Description} (pid {Pid}{(HasExited ? $", exited {_process.ExitCode}" : ", running")})\n--- stdout ---\n{Tail(Output)}\n--- stderr ---\n{Tail(Error)}";

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // the child is gone and the pipe with it
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
    }

    private static string Tail(string text) => text.Length > 3000 ? "…" + text[^3000..] : text;

    private void Keep(Queue<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            lines.Enqueue(line);
            if (lines.Count > MaxLines)
            {
                lines.Dequeue();
            }
        }
    }
}
