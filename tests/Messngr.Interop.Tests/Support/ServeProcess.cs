using System.Collections.Concurrent;
using System.Diagnostics;

namespace Messngr.Interop.Tests.Support;

/// <summary>
/// The real <c>messngr serve</c> (the built messngr.dll) as a child process on 127.0.0.1 with
/// unprivileged ports, so that third-party tools on this host can talk to it. Standard output
/// (the messages) and standard error (the log) are collected line by line.
/// </summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _log = new();

    private ServeProcess(Process process, Ports ports)
    {
        _process = process;
        Port = ports;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _log.Enqueue(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    internal sealed record Ports(int NameService, int Datagram, int Session, int Rpc, int Native = 0);

    public Ports Port { get; }

    /// <summary>The process id of serve (or of the shell it replaced with exec).</summary>
    public int Pid => _process.Id;

    public string Output => string.Join('\n', _output);

    public string Log => string.Join('\n', _log);

    public static ServeProcess Start(string name, string workgroup, params string[] extra) =>
        StartIn(Directory.CreateTempSubdirectory("messngr-serve-").FullName, name, workgroup, extra);

    /// <summary>As <see cref="Start"/>, with <paramref name="stateDir"/> as the state directory (created by serve if missing).</summary>
    public static ServeProcess StartIn(string stateDir, string name, string workgroup, params string[] extra) =>
        Launch(null, null, stateDir, name, workgroup, extra);

    /// <summary>As <see cref="StartIn"/>, run from <paramref name="workingDirectory"/> (a relative <paramref name="stateDir"/> is relative to it).</summary>
    public static ServeProcess StartAt(string? workingDirectory, string stateDir, string name, string workgroup, params string[] extra) =>
        Launch(null, workingDirectory, stateDir, name, workgroup, extra);

    /// <summary>
    /// As <see cref="StartIn"/>, but started through <c>sh -c <paramref name="shell"/></c> (when
    /// given) with the dotnet command line as <c>$0 "$@"</c>: the script can set variables that
    /// depend on the process itself (e.g. <c>exec "$0" "$@"</c> after exporting them).
    /// </summary>
    public static ServeProcess StartVia(string? shell, string stateDir, string name, string workgroup, params string[] extra) =>
        Launch(shell, null, stateDir, name, workgroup, extra);

    private static ServeProcess Launch(string? shell, string? workingDirectory, string stateDir, string name, string workgroup, string[] extra)
    {
        var ports = new Ports(FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next());
        var start = StartInfo(shell, workingDirectory, Arguments(ports, stateDir, name, workgroup, extra));
        var serve = new ServeProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"), ports);
        serve.WaitForLog("rpc listening", TimeSpan.FromSeconds(30));
        // A name being registered does not exist yet (protocols.md §2.6): wait for NAME<03>.
        serve.WaitForLog($"registered {name.ToUpperInvariant()}<03>", TimeSpan.FromSeconds(30));
        return serve;
    }

    /// <summary>
    /// Runs a serve that is expected to stop by itself (a start refused), on <paramref name="ports"/>,
    /// and returns its exit code and both streams; killed after <paramref name="timeoutMs"/>.
    /// </summary>
    public static Tool.Result RunUntilExit(Ports ports, string stateDir, string name, int timeoutMs = 60_000, params string[] extra)
    {
        var args = Arguments(ports, stateDir, name, "LAB", extra);
        return Tool.Run("dotnet", args, timeoutMs: timeoutMs);
    }

    /// <summary>Four free ports, for <see cref="RunUntilExit"/>.</summary>
    public static Ports FreePorts() => new(FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next());

    private static ProcessStartInfo StartInfo(string? shell, string? workingDirectory, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(shell is null ? "dotnet" : "/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        // Not under systemd unless a test says so: the log format depends on these (issue #12, item 6).
        start.Environment.Remove("JOURNAL_STREAM");
        start.Environment.Remove("INVOCATION_ID");
        if (shell is not null)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(shell);
            start.ArgumentList.Add("dotnet");
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private static IEnumerable<string> Arguments(Ports ports, string stateDir, string name, string workgroup, IEnumerable<string> extra) => new[]
    {
        Path.Combine(AppContext.BaseDirectory, "messngr.dll"), "serve",
        "--netbios-name", name, "--workgroup", workgroup, "--interface", "127.0.0.1", "--state-dir", stateDir,
        "--name-service-port", ports.NameService.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--datagram-service-port", ports.Datagram.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--session-service-port", ports.Session.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--rpc-port", ports.Rpc.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--native-port", ports.Native.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--config", "/dev/null", "--no-discovery",
    }.Concat(extra.Contains("--web-listen") ? [] : ["--web-listen", "off"])
        .Concat(extra.Contains("--api-listen") ? [] : ["--api-listen", "off"])
        .Concat(extra.Contains("--metrics-listen") ? [] : ["--metrics-listen", "off"]).Concat(extra); // daemons side by side must not race for 127.0.0.1:2427-2429 (issues #14, #15)

    /// <summary>Waits until standard output holds <paramref name="text"/>; returns all output.</summary>
    public string WaitForOutput(string text, TimeSpan timeout) => Wait(_output, text, timeout, "output");

    public string WaitForLog(string text, TimeSpan timeout) => Wait(_log, text, timeout, "log");

    private string Wait(ConcurrentQueue<string> lines, string text, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var all = string.Join('\n', lines);
            if (all.Contains(text, StringComparison.Ordinal))
            {
                return all;
            }

            if (_process.HasExited)
            {
                break;
            }

            Thread.Sleep(50);
        }

        throw new TimeoutException($"'{text}' not in the {what} of messngr serve.\n--- output ---\n{Output}\n--- log ---\n{Log}");
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Sends <paramref name="signal"/> (e.g. <c>HUP</c>) with kill(1).</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill?.WaitForExit();
    }

    /// <summary>Sends SIGTERM and waits for a clean exit; returns the exit code.</summary>
    public int Stop() => ProcessEnd.Stop(_process);

    public void Dispose() => ProcessEnd.Dispose(_process);
}
