using System.Globalization;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Integrations;

/// <summary>
/// NUT's real programs for a caller's test (issue #15, items 4 and 8): dummy-ups reads the UPS
/// state from a .dev file, upsd serves it on 127.0.0.1, and upsmon runs <c>NOTIFYCMD</c> for
/// ONBATT and ONLINE (NOTIFYFLAG … EXEC). Debian's /usr/sbin/upsmon is a wrapper that checks
/// /etc/nut/nut.conf: /lib/nut/upsmon is run. All three are the <see cref="IntegrationCaller"/>'s children.
/// </summary>
internal sealed class DummyUps
{
    /// <summary>The test collection of every class that starts NUT: two upsmon at once lose each other's upsd login (seen here), so they take turns.</summary>
    public const string Collection = "NUT upsmon";

    private DummyUps(string dev, string name)
    {
        Dev = dev;
        Name = name;
    }

    /// <summary>The file dummy-ups reads the UPS state from.</summary>
    public string Dev { get; }

    /// <summary>The UPS as upsmon names it in its messages: <c>dummy@127.0.0.1:PORT</c>.</summary>
    public string Name { get; }

    /// <summary>Starts the UPS on line power, with <paramref name="notifyCommand"/> as upsmon's NOTIFYCMD and <paramref name="environment"/> added to upsmon's.</summary>
    public static DummyUps Start(IntegrationCaller caller, string notifyCommand, IReadOnlyDictionary<string, string>? environment = null)
    {
        var upsd = IntegrationCaller.Need("/lib/nut/upsd", "nut-server");
        var driver = IntegrationCaller.Need("/lib/nut/dummy-ups", "nut-server");
        var upsmon = IntegrationCaller.Need("/lib/nut/upsmon", "nut-client");
        var dir = caller.Dir;
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
            NOTIFYCMD "{notifyCommand}"
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
        caller.Start(driver, ["-F", "-a", "dummy", "-u", "root"], nut);
        IntegrationCaller.WaitFor(() => Directory.EnumerateFileSystemEntries(dir, "dummy-ups-dummy*").Any(), "dummy-ups's socket");
        caller.Start(upsd, ["-F", "-u", "root"], nut);
        IntegrationCaller.WaitFor(() => Tool.Run("upsc", [$"dummy@127.0.0.1:{port}", "ups.status"]).Output.Contains("OL", StringComparison.Ordinal), "upsd to serve the dummy UPS");
        caller.Start(upsmon, ["-F", "-u", "root"], new Dictionary<string, string>(nut.Concat(environment ?? new Dictionary<string, string>())));
        IntegrationCaller.WaitFor(() => Tool.Run("upsc", ["-c", $"dummy@127.0.0.1:{port}"]).Output.Contains("127.0.0.1", StringComparison.Ordinal), "upsmon to log in to upsd");
        return new DummyUps(dev, $"dummy@127.0.0.1:{port}");
    }

    /// <summary>The UPS goes on battery: upsmon runs NOTIFYCMD with "UPS NAME on battery" and NOTIFYTYPE=ONBATT.</summary>
    public void OnBattery() => File.WriteAllText(Dev, "ups.status: OB\nbattery.charge: 90\n");
}
