using System.Diagnostics;

namespace Messngr.Daemon.Tests.Desktop;

/// <summary>
/// Issue #14, item 1: the XDG autostart file and the systemd user unit shipped in packaging/ start
/// <c>messngr agent</c> in the desktop session: their keys, and Debian's own checkers
/// (desktop-file-validate from desktop-file-utils, systemd-analyze verify --user) find nothing wrong.
/// </summary>
public sealed class AgentPackagingTests
{
    internal static string Packaging(string name) => RepositoryFiles.Path("packaging", name);

    /// <summary>KEY=VALUE lines per [Group] (comments and blank lines skipped), as both formats write them.</summary>
    internal static Dictionary<string, Dictionary<string, string>> Parse(string path)
    {
        var groups = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith(';'))
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                current = new Dictionary<string, string>(StringComparer.Ordinal);
                groups.Add(line[1..^1], current);
                continue;
            }

            Assert.NotNull(current);
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(equals > 0, $"not KEY=VALUE: {line}");
            current.Add(line[..equals], line[(equals + 1)..]);
        }

        return groups;
    }

    internal static (int Code, string Output) Run(string file, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), $"{file} did not finish");
        return (process.ExitCode, output.Result + error.Result);
    }

    [Fact]
    public void The_autostart_file_starts_messngr_agent_hidden_and_desktop_file_validate_accepts_it()
    {
        var path = Packaging("messngr-agent.desktop");
        var entry = Parse(path)["Desktop Entry"];

        Assert.Equal("Application", entry["Type"]);
        Assert.Equal("messngr agent", entry["Exec"]);
        Assert.Equal("true", entry["X-GNOME-Autostart-enabled"]);
        Assert.Equal("true", entry["NoDisplay"]);
        Assert.Equal("false", entry["Terminal"]);
        // ./test.sh installs desktop-file-utils (scripts/install-deps.sh); a missing one fails loudly.
        Assert.True(File.Exists("/usr/bin/desktop-file-validate"), "desktop-file-validate is missing: apt-get install -y desktop-file-utils");
        Assert.Equal((0, string.Empty), Run("/usr/bin/desktop-file-validate", new Dictionary<string, string>(), path));
    }

    [Fact]
    public void The_user_unit_runs_messngr_agent_with_the_graphical_session_and_systemd_analyze_verifies_it()
    {
        var path = Packaging("messngr-agent.service");
        var unit = Parse(path);

        Assert.Equal("graphical-session.target", unit["Unit"]["PartOf"]);
        Assert.Equal("/usr/bin/env messngr agent", unit["Service"]["ExecStart"]);
        Assert.Equal("on-failure", unit["Service"]["Restart"]);
        Assert.Equal("graphical-session.target", unit["Install"]["WantedBy"]);
        Assert.True(File.Exists("/usr/bin/systemd-analyze"), "systemd-analyze is missing (Debian: systemd)");
        var runtime = Directory.CreateTempSubdirectory("messngr-unit-").FullName;
        try
        {
            // --user needs a runtime directory; --man=no: the man page is not installed here.
            // systemd-analyze only warns (exit 0) about a bad value, so its output must be empty too.
            var (code, output) = Run("/usr/bin/systemd-analyze", new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = runtime }, "verify", "--user", "--man=no", path);
            Assert.Equal((0, string.Empty), (code, output));
        }
        finally
        {
            Directory.Delete(runtime, recursive: true);
        }
    }
}
