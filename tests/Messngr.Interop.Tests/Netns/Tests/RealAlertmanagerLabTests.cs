using System.Globalization;
using System.Text.Json;
using Messngr.Interop.Tests.Desktop;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Issue #15, item 2, driven by the real Prometheus Alertmanager (Debian's prometheus-alertmanager,
/// offline, clustering off, on loopback): an alert POSTed to its API v2 is grouped and sent by its
/// webhook_config (send_resolved, the token of 'messngr token add' as its bearer credentials) to
/// HOSTA's HTTP API (issue #15, item 1), which routes it by label to HOSTC natively. Alertmanager
/// runs in HOSTA's namespace, where the API listens on loopback, as on the daemon's own machine.
/// Ending the alert makes Alertmanager send the resolved notification, which replaces the firing
/// message at HOSTC: its history shows only RESOLVED.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class RealAlertmanagerLabTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(180);

    private readonly Lab _lab;

    public RealAlertmanagerLabTests(Lab lab) => _lab = lab;

    private static void Eventually(Func<bool> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow + SafetyNet;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {SafetyNet.TotalSeconds} s: {what()}");
            Thread.Sleep(500);
        }
    }

    private static string Alert(string run, string summary, DateTimeOffset startsAt, DateTimeOffset? endsAt)
    {
        var ends = endsAt is { } e ? $",\"endsAt\":\"{e.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}\"" : string.Empty;
        return $"[{{\"labels\":{{\"alertname\":\"UpsOnBattery\",\"run\":\"{run}\",\"severity\":\"warning\",\"team\":\"power\"}},\"annotations\":{{\"summary\":\"{summary}\"}},\"startsAt\":\"{startsAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}\"{ends}}}]";
    }

    private static void PostAlert(LabHost host, int port, string json)
    {
        var result = Tool.Run("ip", ["netns", "exec", host.Namespace, "curl", "--silent", "--show-error", "--fail", "--max-time", "60", "-H", "Content-Type: application/json", "--data-binary", json, $"http://127.0.0.1:{port}/api/v2/alerts"], timeoutMs: 90_000);
        Assert.True(result.ExitCode == 0, $"POST /api/v2/alerts: curl exited {result.ExitCode}: {result.Error}{result.Output}");
    }

    private static List<JsonElement> History(NativeNode node, string tag, bool all)
    {
        string[] args = all ? ["history", "--json", "--all", "--limit", "1000"] : ["history", "--json", "--limit", "1000"];
        return [.. node.Json(args).EnumerateArray().Where(m => m.GetProperty("text").GetString() is { } t && t.Contains(tag, StringComparison.Ordinal))];
    }

    [Fact]
    public async Task Alertmanager_firing_then_resolved_replaces_the_message_at_the_receiving_node()
    {
        var directory = Path.Combine(_lab.Directory, "am-real-" + Guid.NewGuid().ToString("N")[..8]);
        using var c = new NativeNode(_lab, _lab.HostC, "AMXC", Path.Combine(directory, "hostc"));
        c.Start();
        using var a = new NativeNode(_lab, _lab.HostA, "AMXA", Path.Combine(directory, "hosta"));
        var apiPort = FreePort.Next();
        a.Start(null, "--alertmanager-route", $"team=power -> {c.Name}@{c.Host.Address}:2426", "--api-listen", $"127.0.0.1:{apiPort}");
        a.Trust(c);
        c.Trust(a);
        Directory.CreateDirectory(directory);
        var tokenFile = Path.Combine(directory, "messngr.token");
        File.WriteAllText(tokenFile, a.Json("token", "add", "--name", "alertmanager", "--send-to", c.Name + "@*", "--json").GetProperty("token").GetString());

        var amPort = FreePort.Next();
        var config = Path.Combine(directory, "alertmanager.yml");
        File.WriteAllText(config, $"""
            route:
              receiver: messngr
              group_by: [alertname, run]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: messngr
                webhook_configs:
                  - url: http://127.0.0.1:{apiPort}/v1/alertmanager
                    http_config:
                      authorization:
                        credentials_file: {tokenFile}
                    send_resolved: true
                    max_alerts: 50
            """);
        using var alertmanager = ChildProcess.Start("ip",
            ["netns", "exec", a.Host.Namespace, "prometheus-alertmanager", "--config.file=" + config, "--storage.path=" + Path.Combine(directory, "am-data"), $"--web.listen-address=127.0.0.1:{amPort}", "--cluster.listen-address=", "--log.level=debug"],
            new Dictionary<string, string>());
        alertmanager.WaitFor(p => p.Error.Contains("Listening", StringComparison.Ordinal) || p.Output.Contains("Listening", StringComparison.Ordinal), "Alertmanager listening");

        var summary = Unique.Text("UPS ups1 on battery");
        var tag = Unique.Tag(summary);
        var run = tag[1..];
        var started = DateTimeOffset.UtcNow.AddSeconds(-5);
        PostAlert(a.Host, amPort, Alert(run, summary, started, null));
        Eventually(() => History(c, tag, all: false).Count == 1, () => "the firing message at HOSTC\n" + alertmanager.Error + "\n" + a.AllLogs);
        var fired = Assert.Single(History(c, tag, all: false));
        Assert.StartsWith("FIRING: UpsOnBattery\n- UpsOnBattery (firing): " + summary, fired.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("high", fired.GetProperty("priority").GetString());

        PostAlert(a.Host, amPort, Alert(run, summary, started, DateTimeOffset.UtcNow.AddSeconds(-1)));
        Eventually(() => History(c, tag, all: false) is [var only] && only.GetProperty("text").GetString()!.StartsWith("RESOLVED", StringComparison.Ordinal),
            () => "only the resolved message in HOSTC's history\n" + alertmanager.Error);

        var both = History(c, tag, all: true);
        Assert.Equal(2, both.Count);
        Assert.Contains(both, m => m.GetProperty("id").GetString() == fired.GetProperty("id").GetString() && m.GetProperty("supersededBy").ValueKind == JsonValueKind.String);
        alertmanager.Stop();
    }
}
