using System.Globalization;
using System.Text.Json;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Serve;

/// <summary>
/// Issue #15, items 1-3, on the real <c>messngr serve</c>: <c>alert names</c> and <c>alertmanager
/// route</c> change on SIGHUP, where the HTTP API and the Alertmanager receiver read them — after
/// a reload, <c>POST /v1/messages</c> without recipients goes to the new alert names and
/// <c>POST /v1/alertmanager</c> follows the new route (curl, the token from <c>messngr token add</c>),
/// and neither key is logged as needing a restart. README: "kill -HUP".
/// </summary>
public sealed class AlertTargetsReloadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-alertreload-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Tool.Result Messngr(params string[] args) =>
        Tool.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "messngr.dll"), .. args]);

    /// <summary>curl POSTs <paramref name="json"/> (on stdin) with the token; the status and the results.</summary>
    private static (int Status, List<JsonElement> Results, string Body) Post(string url, string token, string json)
    {
        var run = Tool.Run("curl", ["-sS", "--max-time", "60", "-H", $"Authorization: Bearer {token}", "-H", "Content-Type: application/json",
            "--data-binary", "@-", "-w", "\n%{http_code}", url], json, timeoutMs: 90_000);
        Assert.True(run.ExitCode == 0, run.Error);
        var cut = run.Output.LastIndexOf('\n');
        var body = run.Output[..cut];
        using var doc = JsonDocument.Parse(body);
        List<JsonElement> results = doc.RootElement.TryGetProperty("results", out var r) ? [.. r.EnumerateArray().Select(e => e.Clone())] : [];
        return (int.Parse(run.Output[(cut + 1)..].Trim(), CultureInfo.InvariantCulture), results, body);
    }

    /// <summary>A webhook notification as Alertmanager sends it (version 4) with commonLabels team=db.</summary>
    private static string Firing(string summary) => $$"""
        {
          "receiver": "messngr", "status": "firing",
          "alerts": [ { "status": "firing", "labels": { "alertname": "ReplicationLag", "team": "db" }, "annotations": { "summary": "{{summary}}" },
                        "startsAt": "2026-12-07T16:00:00Z", "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "http://prometheus.example:9090/graph", "fingerprint": "2b41cb82ddb3a032" } ],
          "groupLabels": { "alertname": "ReplicationLag" }, "commonLabels": { "alertname": "ReplicationLag", "team": "db" }, "commonAnnotations": { "summary": "{{summary}}" },
          "externalURL": "http://alertmanager.example:9093", "version": "4", "groupKey": "{}:{alertname=\"ReplicationLag\"}", "truncatedAlerts": 0
        }
        """;

    [Fact]
    public void SIGHUP_changes_where_the_api_and_the_alertmanager_receiver_send_without_recipients()
    {
        var config = Path.Combine(_dir, "messngr.conf");
        File.WriteAllText(config, "[global]\n  alert names = NOBODY@127.0.0.1\n");
        var state = Path.Combine(_dir, "state");
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        using var serve = ServeProcess.StartIn(state, "HOSTR", "LAB", "--config", config, "--api-listen", $"127.0.0.1:{port}");
        serve.WaitForLog("HTTP API listening on", TimeSpan.FromSeconds(60));
        var add = Messngr("token", "add", "--name", "reload", "--state-dir", state);
        Assert.True(add.ExitCode == 0, add.Error);
        var token = add.Output.Trim();

        File.WriteAllText(config, "[global]\n  alias = DBA\n  alert names = HOSTR@127.0.0.1\n  alertmanager route = team=db -> DBA@127.0.0.1\n");
        serve.Signal("HUP");
        serve.WaitForLog("reloaded configuration: ", TimeSpan.FromSeconds(30));
        serve.WaitForLog("registered DBA<03>", TimeSpan.FromSeconds(30));

        var text = "to the alert names #" + Guid.NewGuid().ToString("N")[..8];
        var (status, results, body) = Post($"http://127.0.0.1:{port}/v1/messages", token, $"{{\"text\":\"{text}\"}}");
        Assert.True(status == 200, body + "\n" + serve.Log);
        var published = Assert.Single(results);
        Assert.Equal("HOSTR@127.0.0.1", published.GetProperty("recipient").GetString());
        Assert.Equal("delivered", published.GetProperty("outcome").GetString());

        var summary = "replica lag 900 s #" + Guid.NewGuid().ToString("N")[..8];
        var (amStatus, amResults, amBody) = Post($"http://127.0.0.1:{port}/v1/alertmanager", token, Firing(summary));
        Assert.True(amStatus == 200, amBody + "\n" + serve.Log);
        var routed = Assert.Single(amResults);
        Assert.Equal("DBA@127.0.0.1", routed.GetProperty("recipient").GetString());
        Assert.Equal("delivered", routed.GetProperty("outcome").GetString());

        var history = Messngr("history", "--state-dir", state, "--json");
        Assert.True(history.ExitCode == 0, history.Error);
        Assert.Contains(text, history.Output, StringComparison.Ordinal);
        Assert.Contains(summary, history.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("alert names changed: needs a restart", serve.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("alertmanager route changed: needs a restart", serve.Log, StringComparison.Ordinal);
        Assert.Contains("reloaded configuration: 3 changes applied", serve.Log, StringComparison.Ordinal);
        Assert.Equal(0, serve.Stop());
    }
}
