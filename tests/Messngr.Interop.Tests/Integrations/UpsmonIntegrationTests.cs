using System.Globalization;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Integrations;

/// <summary>
/// NUT's real upsmon (issue #15, item 4): dummy-ups reads the UPS state from a .dev file, upsd
/// serves it on 127.0.0.1, and upsmon, with NOTIFYCMD "messngr upsmon-notify" and NOTIFYFLAG
/// ONBATT EXEC, runs messngr when the file says OB; the alert names' serve shows upsmon's text.
/// Debian's /usr/sbin/upsmon is a wrapper that checks /etc/nut/nut.conf: /lib/nut/upsmon is run.
/// </summary>
public sealed class UpsmonIntegrationTests : IDisposable
{
    private readonly IntegrationCaller _caller = new("upsmon");

    public void Dispose() => _caller.Dispose();

    [Fact]
    public void Upsmon_on_battery_runs_notifycmd_and_the_alert_names_get_upsmon_s_message()
    {
        var upsd = IntegrationCaller.Need("/lib/nut/upsd", "nut-server");
        var driver = IntegrationCaller.Need("/lib/nut/dummy-ups", "nut-server");
        var upsmon = IntegrationCaller.Need("/lib/nut/upsmon", "nut-client");
        var dir = _caller.Dir;
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var dev = Path.Combine(dir, "dummy.dev");
        File.WriteAllText(dev, "ups.status: OL\nbattery.charge: 100\n");
        File.WriteAllText(Path.Combine(dir, "ups.conf"), $"[dummy]\n  driver = dummy-ups\n  port = {dev}\n");
        File.WriteAllText(Path.Combine(dir, "upsd.conf"), $"LISTEN 127.0.0.1 {port}\n");
        File.WriteAllText(Path.Combine(dir, "upsd.users"), "[mon]\n  password = pw\n  upsmon primary\n");
        File.WriteAllText(Path.Combine(dir, "upsmon.conf"), $"""
            MONITOR dummy@127.0.0.1:{port} 1 mon pw primary
            MINSUPPLIES 1
            SHUTDOWNCMD "/bin/true"
            NOTIFYCMD "{_caller.Messngr} upsmon-notify"
            NOTIFYFLAG ONBATT EXEC
            NOTIFYFLAG ONLINE EXEC
            POLLFREQ 1
            POLLFREQALERT 1
            POWERDOWNFLAG {dir}/killpower
            RUN_AS_USER root

            """);
        foreach (var secret in new[] { "upsd.users", "upsmon.conf" })
        {
            File.SetUnixFileMode(Path.Combine(dir, secret), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var nut = new Dictionary<string, string> { ["NUT_CONFPATH"] = dir, ["NUT_STATEPATH"] = dir, ["NUT_ALTPIDPATH"] = dir };
        _caller.Start(driver, ["-F", "-a", "dummy", "-u", "root"], nut);
        IntegrationCaller.WaitFor(() => Directory.EnumerateFileSystemEntries(dir, "dummy-ups-dummy*").Any(), "dummy-ups's socket");
        _caller.Start(upsd, ["-F", "-u", "root"], nut);
        IntegrationCaller.WaitFor(() => Tool.Run("upsc", [$"dummy@127.0.0.1:{port}", "ups.status"]).Output.Contains("OL", StringComparison.Ordinal), "upsd to serve the dummy UPS");
        _caller.Start(upsmon, ["-F", "-u", "root"], nut);
        IntegrationCaller.WaitFor(() => Tool.Run("upsc", ["-c", $"dummy@127.0.0.1:{port}"]).Output.Contains("127.0.0.1", StringComparison.Ordinal), "upsmon to log in to upsd");

        File.WriteAllText(dev, "ups.status: OB\nbattery.charge: 90\n");

        var output = _caller.Serve.WaitForOutput($"UPS dummy@127.0.0.1:{port} on battery", TimeSpan.FromSeconds(90));
        Assert.Contains($"to {IntegrationCaller.AlertName}", output, StringComparison.Ordinal);
    }
}
