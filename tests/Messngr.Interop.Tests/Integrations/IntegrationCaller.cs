using System.Diagnostics;
using System.Globalization;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Integrations;

/// <summary>
/// What the real callers of issue #15, item 4 run: a real <c>messngr serve</c> as the alert name
/// (HOSTI on 127.0.0.1), a config file naming it in <c>alert names</c>, and an executable
/// <c>messngr</c> wrapper (as /usr/bin/messngr would be) that runs the built messngr.dll with that
/// config and serve's session port before the caller's own arguments. The directory is 0755 so
/// that callers dropping to another user (cupsd's lp) can run it. Children it starts are ended by
/// their own handle.
/// </summary>
internal sealed class IntegrationCaller : IDisposable
{
    public const string AlertName = "HOSTI";

    private readonly List<Process> _children = [];

    /// <param name="serveOptions">More options for the serve of the alert name (e.g. its own <c>--alert-names</c>, for messngr-send).</param>
    public IntegrationCaller(string label, params string[] serveOptions)
    {
        Dir = Directory.CreateTempSubdirectory($"messngr-{label}-").FullName;
        File.SetUnixFileMode(Dir, (UnixFileMode)0b111_101_101);
        StateDirectory = Path.Combine(Dir, "state");
        Serve = ServeProcess.StartIn(StateDirectory, AlertName, "LAB", serveOptions);
        Config = Path.Combine(Dir, "messngr.conf");
        File.WriteAllText(Config, $"[global]\nalert names = {AlertName}@127.0.0.1\n");
        File.SetUnixFileMode(Config, (UnixFileMode)0b110_100_100);
        var lmhosts = Path.Combine(Dir, "lmhosts");
        File.WriteAllText(lmhosts, $"127.0.0.1 {AlertName}\n"); // a plain NAME (a CUPS job's owner) resolves to serve
        File.SetUnixFileMode(lmhosts, (UnixFileMode)0b110_100_100);
        Messngr = Path.Combine(Dir, "messngr");
        var dll = Path.Combine(AppContext.BaseDirectory, "messngr.dll");
        File.WriteAllText(Messngr, $"""
            #!/bin/sh
            cmd=$1; shift
            exec /usr/bin/dotnet '{dll}' "$cmd" --config '{Config}' --transport smb --session-port {Serve.Port.Session.ToString(CultureInfo.InvariantCulture)} --resolve-order lmhosts --lmhosts '{lmhosts}' "$@"

            """);
        File.SetUnixFileMode(Messngr, (UnixFileMode)0b111_101_101);
    }

    /// <summary>The environment variable that marks the callers' processes with <see cref="Dir"/>.</summary>
    private const string Marker = "MNGR_TEST_INTEGRATION_CALLER"; // not MESSNGR_*: messngr-send leaves a command with a MESSNGR_* setting to messngr

    public string Dir { get; }

    /// <summary>The state directory of <see cref="Serve"/> (its control socket: MESSNGR_STATE_DIR for messngr-send).</summary>
    public string StateDirectory { get; }

    public string Config { get; }

    /// <summary>The executable standing in for /usr/bin/messngr.</summary>
    public string Messngr { get; }

    public ServeProcess Serve { get; }

    /// <summary>The repository's packaging/ file <paramref name="name"/>.</summary>
    public static string Packaging(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "messngr.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("messngr.slnx not found above the test binaries"), "packaging", name);
    }

    /// <summary>Asserts that a Debian package's program is installed (scripts/install-deps.sh installs it).</summary>
    public static string Need(string path, string package)
    {
        Assert.True(File.Exists(path), $"{path} is missing: install Debian's {package} (scripts/install-deps.sh)");
        return path;
    }

    /// <summary>Starts a caller's daemon in the foreground; it is ended (by its handle) at dispose.</summary>
    public Process Start(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        // Marks this child and everything it forks (upsmon leaves a forked copy behind), for Dispose.
        start.Environment[Marker] = Dir;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _children.Add(process);
        return process;
    }

    /// <summary>Processes whose environment carries this caller's marker: the children and what they forked.</summary>
    private IEnumerable<int> Marked()
    {
        var mark = System.Text.Encoding.UTF8.GetBytes($"{Marker}={Dir}\0");
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            byte[] environ;
            try
            {
                environ = File.ReadAllBytes(Path.Combine(entry, "environ"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (environ.AsSpan().IndexOf(mark) >= 0)
            {
                yield return pid;
            }
        }
    }

    /// <summary>Waits up to <paramref name="seconds"/> for <paramref name="condition"/> (a safety net, not a timing assertion).</summary>
    public static void WaitFor(Func<bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"gave up waiting for {what}");
            Thread.Sleep(200);
        }
    }

    public void Dispose()
    {
        foreach (var child in _children.Where(c => !c.HasExited))
        {
            using var term = Process.Start("kill", ["-TERM", child.Id.ToString(CultureInfo.InvariantCulture)]);
            term?.WaitForExit();
        }

        foreach (var child in _children)
        {
            if (!child.WaitForExit(15_000))
            {
                child.Kill(entireProcessTree: true);
            }
        }

        // what the children forked and left behind holds their output open: end it by its pid
        foreach (var pid in Marked())
        {
            try
            {
                Process.GetProcessById(pid).Kill(entireProcessTree: true);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // already gone
            }
        }

        foreach (var child in _children)
        {
            child.WaitForExit(15_000);
            child.Dispose();
        }

        Serve.Dispose();
        Directory.Delete(Dir, recursive: true);
    }
}
