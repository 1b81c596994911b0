using System.Text.Json;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// The receive path end to end in the lab: history through the control socket (`messngr history
/// --json`), history across a restart, the inbound policy against a routed sender, and a flood
/// from one host that must not starve another.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ReceivePipelineTests
{
    private readonly Lab _lab;

    public ReceivePipelineTests(Lab lab) => _lab = lab;

    private JsonElement Json(params string[] args)
    {
        var result = _lab.MessngrCommand(_lab.HostA, [.. args, "--json", "--state-dir", _lab.StateDirectory(_lab.HostA)]);
        Assert.True(result.ExitCode == 0, $"messngr {string.Join(' ', args)}: {result.Output}{result.Error}");
        return JsonDocument.Parse(result.Output).RootElement.Clone();
    }

    private long Counter(string name) => Json("status").GetProperty("counters").GetProperty(name).GetInt64();

    [Fact]
    public void Smbclient_message_is_in_history_json_and_survives_a_restart()
    {
        _ = _lab.Messngr;
        var text = Unique.Text("Grüße, history");
        Assert.Equal(0, _lab.Smbclient(_lab.HostC, text, "-M", "HOSTA", "-I", _lab.HostA.Address, "-U", "alice", "-N").ExitCode);
        _lab.Messngr.WaitForMessage(text);

        var entry = Json("history", "--limit", "20").EnumerateArray().First(m => m.GetProperty("text").GetString() == text);
        Assert.Equal("alice", entry.GetProperty("from").GetString());
        Assert.Equal("HOSTA", entry.GetProperty("to").GetString());
        Assert.Equal("smb", entry.GetProperty("transport").GetString());
        Assert.False(entry.GetProperty("authenticated").GetBoolean());
        Assert.Equal(_lab.HostC.Address, entry.GetProperty("sourceAddress").GetString());
        Assert.True(entry.GetProperty("seq").GetInt64() > 0);
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", entry.GetProperty("id").GetString()); // issue #13, item 1
        Assert.Equal(("normal", false, System.Text.Json.JsonValueKind.Null), (entry.GetProperty("priority").GetString(), entry.GetProperty("verified").GetBoolean(), entry.GetProperty("senderNode").ValueKind));
        Assert.True(entry.TryGetProperty("receivedAt", out _));

        Assert.Equal(0, _lab.StopMessngr());
        _ = _lab.Messngr;
        Assert.Contains(Json("history", "--limit", "50").EnumerateArray(), m => m.GetProperty("text").GetString() == text);
        // Names are registered again after the restart.
        var names = Json("name").EnumerateArray().ToList();
        Assert.Contains(names, n => n.GetProperty("name").GetString() == "HOSTA" && n.GetProperty("suffix").GetInt32() == 3 && n.GetProperty("state").GetString() == "registered");
    }

    [Fact]
    public void A_sender_outside_the_local_networks_is_rejected_and_counted()
    {
        _ = _lab.Messngr;
        var before = Counter("rejectedPolicy");
        var text = Unique.Text("from the routed subnet");
        var result = _lab.Smbclient(_lab.HostX, text, "-M", "HOSTA", "-I", _lab.HostA.Address, "-U", "mallory", "-N");
        Assert.DoesNotContain("Type your message", result.Output + result.Error, StringComparison.Ordinal);
        _lab.Python(_lab.HostX, "mailslot_send.py", "--builder", "scapy", "--dst-ip", _lab.HostA.Address, "--src-name", "HOSTX", "--dst-name", "HOSTA",
            "--from", "mallory", "--to", "HOSTA", "--text", text);
        _lab.Messngr.AssertNoMessage(text, TimeSpan.FromSeconds(1));
        Assert.True(Counter("rejectedPolicy") >= before + 2);
    }

    [Fact]
    public void A_flood_from_one_host_does_not_starve_another_and_memory_stays_flat()
    {
        var serve = _lab.Messngr;
        var rssBefore = Rss(serve.Pid);
        var flood = _lab.StartProcess(_lab.HostC, "/usr/bin/python3", Lab.PeerScript("flood.py"), _lab.HostA.Address, "--source", _lab.HostC.Address, "--count", "40000", "--seconds", "6");
        // the messages go while the flood is being rate limited
        Assert.True(SpinWait.SpinUntil(() => Counter("rejectedRateLimit") > 0, TimeSpan.FromSeconds(10)), "the flood was not rate limited\n" + flood.Describe());
        var delivered = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var text = Unique.Text($"during the flood {i}");
            var sent = _lab.Smbclient(_lab.HostB, text, "-M", "HOSTA", "-I", _lab.HostA.Address, "-U", "carol", "-N");
            Assert.True(sent.ExitCode == 0, sent.Output + sent.Error);
            delivered.Add(serve.WaitForMessage(text, TimeSpan.FromSeconds(10)).Text);
            Thread.Sleep(300);
        }

        flood.WaitForOutput("sent ", TimeSpan.FromSeconds(20));
        Assert.Equal(5, delivered.Count);
        Assert.True(Rss(serve.Pid) - rssBefore < 64 * 1024, $"RSS grew from {rssBefore} KiB to {Rss(serve.Pid)} KiB");

        // HOSTC's token bucket (100/s, burst 200) is empty after the flood: let it refill so that
        // the next test sending from HOSTC to the shared daemon is not rate limited.
        Thread.Sleep(TimeSpan.FromSeconds(3));
    }

    private static long Rss(int pid)
    {
        var line = File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
