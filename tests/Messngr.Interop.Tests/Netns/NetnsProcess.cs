using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Messngr.Interop.Tests.Netns;

/// <summary>
/// A long-running program inside a lab namespace (<c>ip netns exec NS PROGRAM ARGS</c>; ip execs the
/// program in place, so <see cref="Pid"/> is the program itself). Standard output and standard
/// error are collected line by line; every wait is bounded and reports both streams when it times out.
/// </summary>
public sealed class NetnsProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _error = new();
    private bool _disposed;

    private NetnsProcess(Process process, string description)
    {
        _process = process;
        Pid = process.Id;
        Description = description;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _error.Enqueue(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>"PROGRAM in HOST", for messages.</summary>
    public string Description { get; }

    public int Pid { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything written to standard output so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Everything written to standard error so far.</summary>
    public string Error => string.Join('\n', _error);

    /// <summary>Starts <paramref name="command"/> in <paramref name="host"/>'s namespace.</summary>
    public static NetnsProcess Start(LabHost host, IReadOnlyList<string> command, IReadOnlyDictionary<string, string>? environment = null)
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
        foreach (var arg in new[] { "netns", "exec", host.Namespace }.Concat(command))
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

        // Standard input stays open for the child's lifetime: Samba's daemons in the foreground end
        // on EOF there ("EOF on stdin"), which also ends them if the test host dies.
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{command[0]} did not start in {host}");
        return new NetnsProcess(process, $"{Path.GetFileName(command[0])} in {host.Name}");
    }

    /// <summary>Waits until standard output holds <paramref name="text"/>; returns all output.</summary>
    public string WaitForOutput(string text, TimeSpan timeout) => Wait(() => Output, text, timeout, "output");

    /// <summary>Waits until standard error holds <paramref name="text"/>; returns all of it.</summary>
    public string WaitForError(string text, TimeSpan timeout) => Wait(() => Error, text, timeout, "standard error");

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
                // One last look: the condition may have come true with the final output.
                _process.WaitForExit();
                return condition();
            }

            Thread.Sleep(50);
        }

        return condition();
    }

    /// <summary>Sends <paramref name="signal"/> and waits up to <paramref name="timeout"/> for the exit; SIGKILL after that. Returns the exit code.</summary>
    public int Stop(string signal = "TERM", TimeSpan? timeout = null)
    {
        if (!_process.HasExited)
        {
            NetnsCommand.Signal(Pid, signal);
            if (!_process.WaitForExit((int)(timeout ?? TimeSpan.FromSeconds(15)).TotalMilliseconds))
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.WaitForExit(); // also drains the redirected streams
        return _process.ExitCode;
    }

    /// <summary>A report of both streams, for assertion messages.</summary>
    public string Describe() => $"{Description} (pid {Pid}{State()})\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";

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

    private string State()
    {
        try
        {
            return _process.HasExited ? $", exited {_process.ExitCode}" : ", running";
        }
        catch (InvalidOperationException)
        {
            return ", disposed";
        }
    }

    private string Wait(Func<string> read, string text, TimeSpan timeout, string what)
    {
        string all = string.Empty;
        if (WaitUntil(() => (all = read()).Contains(text, StringComparison.Ordinal), timeout))
        {
            return all;
        }

        throw new TimeoutException($"'{text}' not in the {what} of {Description} within {timeout.TotalSeconds:0.#} s.\n{Describe()}");
    }
}
