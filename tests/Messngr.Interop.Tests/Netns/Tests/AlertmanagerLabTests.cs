using System.Text.Json;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Issue #15, item 2, end to end: two real <c>messngr serve</c> nodes that trust each other, HOSTA
/// with <c>alertmanager route = severity=critical -&gt; NATC@HOSTC:2426</c>. curl (a third-party
/// HTTP client) POSTs Alertmanager webhook payloads (version 4) to HOSTA's control socket: the
/// firing notification reaches HOSTC natively at critical priority, and the resolved one of the
/// same group replaces it there through the correlation key derived from the group key —
/// HOSTC's <c>history</c> shows only RESOLVED, <c>history --all</c> both, the firing one superseded.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class AlertmanagerLabTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(180);

    private readonly Lab _lab;

    public AlertmanagerLabTests(Lab lab) => _lab = lab;

    private NativeNode Node(LabHost host, string name) =>
        new(_lab, host, name, Path.Combine(_lab.Directory, "am-" + Guid.NewGuid().ToString("N")[..8], host.Name.ToLowerInvariant()));

    /// <summary>A webhook notification as Alertmanager sends it (prometheus.io webhook_config, version 4).</summary>
    private static string Payload(string status, string groupKey, string summary) => $$"""
        {
          "receiver": "messngr",
          "status": "{{status}}",
          "alerts": [
            {
              "status": "{{status}}",
              "labels": { "alertname": "DiskFull", "instance": "hosta:9100", "severity": "critical" },
              "annotations": { "summary": "{{summary}}" },
              "startsAt": "2026-12-07T16:00:00Z",
              "endsAt": "{{(status == "resolved" ? "2026-12-07T16:05:00Z" : "0001-01-01T00:00:00Z")}}",
              "generatorURL": "http://prometheus.example:9090/graph",
              "fingerprint": "1a30ba71cca2921f"
            }
          ],
          "groupLabels": { "alertname": "DiskFull" },
          "commonLabels": { "alertname": "DiskFull", "instance": "hosta:9100", "severity": "critical" },
          "commonAnnotations": { "summary": "{{summary}}" },
          "externalURL": "http://alertmanager.example:9093",
          "version": "4",
          "groupKey": "{{groupKey}}",
          "truncatedAlerts": 0
        }
        """;

    /// <summary><c>curl --unix-socket STATE_DIR/control.sock</c> POSTs <paramref name="json"/>; returns the status code and the body.</summary>
    private (int Status, string Body) Post(NativeNode node, string json)
    {
        var file = Path.Combine(_lab.Directory, $"am-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, json);
        try
        {
            var result = Tool.Run("curl", ["--silent", "--show-error", "--max-time", "120", "--unix-socket", Path.Combine(node.StateDirectory, "control.sock"),
                "-H", "Content-Type: application/json", "--data-binary", "@" + file, "--write-out", "\n%{http_code}", "http://messngr/v1/alertmanager"], timeoutMs: 150_000);
            Assert.True(result.ExitCode == 0, $"curl exited {result.ExitCode}: {result.Error}");
            var cut = result.Output.LastIndexOf('\n');
            return (int.Parse(result.Output[(cut + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture), result.Output[..cut]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static List<JsonElement> History(NativeNode node, string tag, bool all)
    {
        string[] args = all ? ["history", "--json", "--all", "--limit", "1000"] : ["history", "--json", "--limit", "1000"];
        return [.. node.Json(args).EnumerateArray().Where(m => m.GetProperty("text").GetString() is { } t && t.Contains(tag, StringComparison.Ordinal))];
    }

    private static void Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + SafetyNet;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {SafetyNet.TotalSeconds} s: {what}");
            Thread.Sleep(500);
        }
    }

    [Fact]
    public void A_resolved_notification_replaces_the_firing_message_at_the_receiving_node()
    {
        using var c = Node(_lab.HostC, "AMRC");
        c.Start();
        using var a = Node(_lab.HostA, "AMRA");
        a.Start(null, "--alertmanager-route", $"severity=critical -> {c.Name}@{c.Host.Address}:2426");
        a.Trust(c);
        c.Trust(a);
        var summary = Unique.Text("disk /var is full");
        var tag = Unique.Tag(summary);
        var groupKey = $"{{}}/{{severity=\\\"critical\\\"}}:{{alertname=\\\"DiskFull\\\", run=\\\"{tag[1..]}\\\"}}";

        var (firingStatus, firing) = Post(a, Payload("firing", groupKey, summary));
        Assert.True(firingStatus == 200, firing + "\n" + a.AllLogs);
        Assert.Contains("\"transport\":\"native\",\"verified\":true", firing, StringComparison.Ordinal);
        Eventually(() => History(c, tag, all: false).Count == 1, "the firing message at HOSTC");
        var fired = Assert.Single(History(c, tag, all: false));
        Assert.StartsWith("FIRING: DiskFull\n- DiskFull (firing): " + summary, fired.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("critical", fired.GetProperty("priority").GetString());

        var (resolvedStatus, resolved) = Post(a, Payload("resolved", groupKey, summary));
        Assert.True(resolvedStatus == 200, resolved + "\n" + a.AllLogs);
        Eventually(() => History(c, tag, all: false) is [var only] && only.GetProperty("text").GetString()!.StartsWith("RESOLVED", StringComparison.Ordinal), "only the resolved message in HOSTC's history");

        var shown = Assert.Single(History(c, tag, all: false));
        Assert.StartsWith("RESOLVED: DiskFull\n- DiskFull (resolved): " + summary, shown.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("low", shown.GetProperty("priority").GetString());
        var both = History(c, tag, all: true);
        Assert.Equal(2, both.Count);
        var replaced = Assert.Single(both, m => m.GetProperty("id").GetString() == fired.GetProperty("id").GetString());
        Assert.Equal(shown.GetProperty("id").GetString(), replaced.GetProperty("supersededBy").GetString());
        Assert.Equal(shown.GetProperty("correlationKey").GetString(), replaced.GetProperty("correlationKey").GetString());
        Assert.StartsWith("alertmanager:", replaced.GetProperty("correlationKey").GetString(), StringComparison.Ordinal);
    }
}
