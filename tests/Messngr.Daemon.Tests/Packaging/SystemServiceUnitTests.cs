using System.Globalization;
using System.Text.RegularExpressions;
using Messngr.Daemon.Tests.Desktop;

namespace Messngr.Daemon.Tests.Packaging;

/// <summary>
/// Issue #15, item 5: <c>packaging/messngr.service</c> runs <c>messngr serve</c> as a Type=notify
/// system service as the dedicated account with CAP_NET_BIND_SERVICE alone, its state directory
/// made by systemd; Debian's systemd-analyze verifies it and rates its sandbox OK (exposure ≤ 4).
/// </summary>
public sealed partial class SystemServiceUnitTests
{
    private static readonly string UnitPath = AgentPackagingTests.Packaging("messngr.service");

    [Fact]
    public void The_system_unit_is_a_notify_service_of_the_messngr_account_with_only_the_bind_capability()
    {
        var unit = Parse(UnitPath);
        var service = unit["Service"].ToDictionary(p => p.Key, p => p.Value[^1], StringComparer.Ordinal);

        Assert.Equal("notify", service["Type"]);
        Assert.Equal("main", service["NotifyAccess"]);
        Assert.True(int.Parse(service["WatchdogSec"], CultureInfo.InvariantCulture) > 0);
        Assert.Equal("/usr/bin/messngr serve --config /etc/messngr/messngr.conf --state-dir /var/lib/messngr", service["ExecStart"]);
        Assert.Equal("/bin/kill -HUP $MAINPID", service["ExecReload"]);
        Assert.Equal("on-failure", service["Restart"]);
        Assert.Equal("messngr", service["User"]);
        Assert.Equal("messngr", service["Group"]);
        Assert.Equal("CAP_NET_BIND_SERVICE", service["AmbientCapabilities"]);
        Assert.Equal("CAP_NET_BIND_SERVICE", service["CapabilityBoundingSet"]);
        Assert.Equal("messngr", service["StateDirectory"]);
        // 0711, as serve makes it: other users' clients reach control.sock by its name.
        Assert.Equal("0711", service["StateDirectoryMode"]);
        Assert.Equal("0077", service["UMask"]);
        Assert.Equal("yes", service["NoNewPrivileges"]);
        Assert.Equal("strict", service["ProtectSystem"]);
        Assert.Equal("AF_UNIX AF_INET AF_INET6 AF_NETLINK", service["RestrictAddressFamilies"]);
        Assert.Equal("yes", service["MemoryDenyWriteExecute"]);
        Assert.Equal(["@system-service", "~@privileged @resources"], unit["Service"]["SystemCallFilter"]);
        Assert.Equal("multi-user.target", unit["Install"]["WantedBy"][0]);
    }

    /// <summary>A unit file's KEY=VALUE lines per [Section]; a key may repeat (systemd.syntax(7)), so each has a list.</summary>
    private static Dictionary<string, Dictionary<string, List<string>>> Parse(string path)
    {
        var sections = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        Dictionary<string, List<string>>? current = null;
        foreach (var line in File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] is not ('#' or ';')))
        {
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                current = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                sections.Add(line[1..^1], current);
                continue;
            }

            Assert.NotNull(current);
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(equals > 0, $"not KEY=VALUE: {line}");
            var key = line[..equals];
            if (!current.TryGetValue(key, out var values))
            {
                current[key] = values = [];
            }

            values.Add(line[(equals + 1)..]);
        }

        return sections;
    }

    [Fact]
    public void Systemd_analyze_verify_accepts_the_system_unit_with_the_built_messngr()
    {
        // verify needs ExecStart's program: a copy of the unit that starts the messngr built here.
        var messngr = Path.Combine(AppContext.BaseDirectory, "messngr");
        Assert.True(File.Exists(messngr), $"{messngr} is missing");
        var dir = Directory.CreateTempSubdirectory("messngr-unit-").FullName;
        try
        {
            var copy = Path.Combine(dir, "messngr.service");
            File.WriteAllText(copy, File.ReadAllText(UnitPath).Replace("ExecStart=/usr/bin/messngr ", $"ExecStart={messngr} ", StringComparison.Ordinal));
            Assert.True(File.Exists("/usr/bin/systemd-analyze"), "systemd-analyze is missing (Debian: systemd)");
            // --man=no: the man pages come with the .deb. systemd-analyze only warns (exit 0) about a bad value: no output either.
            Assert.Equal((0, string.Empty), AgentPackagingTests.Run("/usr/bin/systemd-analyze", new Dictionary<string, string>(), "verify", "--man=no", copy));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Systemd_analyze_security_rates_the_system_unit_OK_with_an_exposure_of_at_most_4()
    {
        var (code, output) = AgentPackagingTests.Run("/usr/bin/systemd-analyze", new Dictionary<string, string>(), "security", "--offline=yes", "--no-pager", UnitPath);

        Assert.True(code == 0, output);
        var overall = OverallExposure().Match(output);
        Assert.True(overall.Success, output);
        var exposure = double.Parse(overall.Groups["score"].Value, CultureInfo.InvariantCulture);
        Assert.True(exposure <= 4.0, $"exposure {exposure} {overall.Groups["rating"].Value}:\n{output}");
        Assert.Equal("OK", overall.Groups["rating"].Value);
    }

    [GeneratedRegex(@"Overall exposure level for messngr\.service: (?<score>\d+\.\d) (?<rating>[A-Z]+)")]
    private static partial Regex OverallExposure();
}
