using System.Globalization;
using System.Text.Json;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Serve;

/// <summary>
/// Issue #15, item 6, on the real <c>messngr serve</c>: messages from Samba's <c>smbclient -M</c>
/// (one taken, one to a name not held here) and one native send to itself; <c>/metrics</c>
/// scraped with <c>curl</c> and parsed by the Prometheus project's own Python parser
/// (peers/prom_parse.py, python3-prometheus-client), each counter moved by exactly what was sent;
/// <c>/healthz</c> 200 while healthy and 503 naming the store once its disk is full.
/// No timed assertions: a scrape is repeated until the counters arrived, under a safety net.
/// </summary>
public sealed class MetricsServeTests : IDisposable
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    private readonly string _dir = Directory.CreateTempSubdirectory("messngr-metrics-").FullName;
    private bool _mounted;

    public void Dispose()
    {
        if (_mounted && Tool.Run("umount", [Path.Combine(_dir, "tmpfs")]).ExitCode != 0)
        {
            // Still busy (a daemon of a failed test killed, not yet gone): detached now, freed when the last user closes it.
            Tool.Run("umount", ["-l", Path.Combine(_dir, "tmpfs")]);
        }

        Directory.Delete(_dir, recursive: true);
    }

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static Tool.Result Messngr(params string[] args) =>
        Tool.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "messngr.dll"), .. args], timeoutMs: 120_000);

    private static Tool.Result Smbclient(ServeProcess serve, string to, string text) =>
        Tool.Run("smbclient", ["-M", to, "-I", "127.0.0.1", "-p", Inv(serve.Port.Session), "-U", "alice", "-N"], text);

    private static Tool.Result Curl(int port, string path) =>
        Tool.Run("curl", ["-sS", "-o", "-", "-w", "\n%{http_code} %{content_type}", $"http://127.0.0.1:{Inv(port)}{path}"]);

    /// <summary>One scrape, parsed by prometheus_client: sample key (<c>name{k=v,…}</c>) → value, and family → type.</summary>
    private static (Dictionary<string, double> Samples, Dictionary<string, string> Types, string Text) Scrape(int port)
    {
        var curl = Curl(port, "/metrics");
        Assert.True(curl.ExitCode == 0, curl.Error);
        var cut = curl.Output.LastIndexOf('\n');
        var text = curl.Output[..cut];
        Assert.Equal("200 text/plain; version=0.0.4; charset=utf-8", curl.Output[(cut + 1)..]);
        var parsed = Tool.Run("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "peers", "prom_parse.py")], text);
        Assert.True(parsed.ExitCode == 0, $"the Prometheus parser refused the scrape: {parsed.Error}\n{text}");
        using var json = JsonDocument.Parse(parsed.Output);
        var samples = json.RootElement.GetProperty("samples").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal);
        var types = json.RootElement.GetProperty("types").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        return (samples, types, text);
    }

    private static double Value(Dictionary<string, double> samples, string key) => samples.GetValueOrDefault(key);

    [Fact]
    public void Metrics_count_smbclient_a_refused_message_and_a_native_send_exactly_and_parse_as_prometheus_text()
    {
        var state = Path.Combine(_dir, "state");
        var port = FreePort.Next();
        using var serve = ServeProcess.StartIn(state, "HOSTB", "LAB", "--metrics-listen", $"127.0.0.1:{Inv(port)}");
        serve.WaitForLog("metrics and health listening on", SafetyNet);

        // The node trusts itself, so a native send to its own port is delivered and stored.
        var id = Messngr("id", "--json", "--state-dir", state);
        Assert.True(id.ExitCode == 0, id.Error);
        using (var idJson = JsonDocument.Parse(id.Output))
        {
            var trust = Messngr("trust", "add", idJson.RootElement.GetProperty("nodeId").GetString()!, "--name", "HOSTB", "--state-dir", state);
            Assert.True(trust.ExitCode == 0, trust.Error + trust.Output);
        }

        var (before, types, _) = Scrape(port);
        Assert.Equal("counter", types["messngr_messages_received"]);
        Assert.Equal("histogram", types["messngr_delivery_latency_seconds"]);
        Assert.Equal("gauge", types["messngr_queue_depth"]);

        var taken = Smbclient(serve, "HOSTB", "metrics: taken");
        Assert.True(taken.ExitCode == 0, taken.Output + taken.Error);
        var refused = Smbclient(serve, "SOMEONE", "metrics: refused");
        Assert.Contains("NT_STATUS_", refused.Output + refused.Error, StringComparison.Ordinal);
        var native = Messngr("send", "--native", "--json", "--state-dir", state, $"HOSTB@127.0.0.1:{Inv(serve.Port.Native)}", "metrics: native");
        Assert.True(native.ExitCode == 0, native.Error + native.Output + serve.Log);

        const string ReceivedSmb = "messngr_messages_received_total{transport=smb}";
        const string ReceivedNative = "messngr_messages_received_total{transport=native}";
        const string SentNative = "messngr_messages_sent_total{transport=native}";
        const string Unknown = "messngr_messages_rejected_total{reason=unknown-recipient}";
        const string Queued = "messngr_receipts_total{state=queued}";
        const string Stored = "messngr_receipts_total{state=stored}";
        const string InSmbCount = "messngr_delivery_latency_seconds_count{direction=received,transport=smb}";
        const string InNativeCount = "messngr_delivery_latency_seconds_count{direction=received,transport=native}";
        const string OutNativeCount = "messngr_delivery_latency_seconds_count{direction=sent,transport=native}";
        const string OutNativeInf = "messngr_delivery_latency_seconds_bucket{direction=sent,le=+Inf,transport=native}";
        string[] expectedOne = [ReceivedSmb, ReceivedNative, SentNative, Unknown, Queued, Stored, InSmbCount, InNativeCount, OutNativeCount];

        var deadline = DateTime.UtcNow + SafetyNet;
        var after = Scrape(port);
        while (expectedOne.Any(k => Value(after.Samples, k) - Value(before, k) < 1) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(200);
            after = Scrape(port);
        }

        var wrong = expectedOne.Where(k => Value(after.Samples, k) - Value(before, k) != 1).Select(k => $"{k}: {Value(before, k)} → {Value(after.Samples, k)}").ToList();
        Assert.True(wrong.Count == 0, $"not moved by exactly 1: {string.Join("; ", wrong)}\n{after.Text}");

        Assert.Equal(Value(after.Samples, OutNativeCount), Value(after.Samples, OutNativeInf));
        Assert.Equal(0, Value(after.Samples, "messngr_messages_rejected_total{reason=policy}"));
        Assert.True(after.Samples.ContainsKey("messngr_queue_depth{queue=outbox}"), after.Text);
        Assert.True(after.Samples.ContainsKey("messngr_queue_depth{queue=pipeline}"), after.Text);

        var health = Curl(port, "/healthz");
        Assert.True(health.ExitCode == 0, health.Error);
        Assert.EndsWith("\n200 application/json", health.Output, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(health.Output[..health.Output.LastIndexOf('\n')]);
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
        Assert.Contains(body.RootElement.GetProperty("listeners").EnumerateArray(), l => l.GetProperty("state").GetString() == "bound");
    }

    [Fact]
    public void Healthz_is_503_naming_the_store_once_its_disk_is_full()
    {
        Assert.True(Environment.IsPrivilegedProcess, "this test mounts a tmpfs and needs root (CI runs as root)");
        var mount = Directory.CreateDirectory(Path.Combine(_dir, "tmpfs")).FullName;
        var mounted = Tool.Run("mount", ["-t", "tmpfs", "-o", "size=2m,mode=0755", "tmpfs", mount]);
        Assert.True(mounted.ExitCode == 0, mounted.Error);
        _mounted = true;
        var port = FreePort.Next();
        using var serve = ServeProcess.StartIn(Path.Combine(mount, "state"), "HOSTB", "LAB", "--metrics-listen", $"127.0.0.1:{Inv(port)}");
        serve.WaitForLog("metrics and health listening on", SafetyNet);
        Assert.EndsWith("\n200 application/json", Curl(port, "/healthz").Output, StringComparison.Ordinal);

        FillUp(Path.Combine(mount, "filler"));
        var refused = Smbclient(serve, "HOSTB", new string('f', 2000));
        Assert.Contains("NT_STATUS_", refused.Output + refused.Error, StringComparison.Ordinal);

        var health = Curl(port, "/healthz");
        Assert.EndsWith("\n503 application/json", health.Output, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(health.Output[..health.Output.LastIndexOf('\n')]);
        Assert.Equal("failing", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(["store"], body.RootElement.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
        Assert.False(body.RootElement.GetProperty("store").GetProperty("ok").GetBoolean());
        Assert.True(Scrape(port).Samples.GetValueOrDefault("messngr_messages_rejected_total{reason=store-failure}") >= 1);
        serve.Stop(); // it lets go of the tmpfs before Dispose unmounts it
    }

    private static void FillUp(string path)
    {
        using var fill = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        var block = new byte[64 * 1024];
        try
        {
            while (true)
            {
                fill.Write(block);
                fill.Flush();
            }
        }
        catch (IOException)
        {
            // ENOSPC: full
        }
    }
}
