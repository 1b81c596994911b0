using System.Text.Json;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Issue #13, item 5, in the lab: two <c>messngr serve</c> on the bridge list each other in
/// <c>messngr peers --json</c> after a PROBE, and a validly signed ANNOUNCE from a stranger's key
/// claiming a name the trust list pins to another node does not get that name
/// (peers/discovery.py builds both datagrams from docs/native-protocol.md §9).
/// </summary>
[Collection(LabCollection.Name)]
public sealed class DiscoveryTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(90);
    private readonly Lab _lab;

    public DiscoveryTests(Lab lab) => _lab = lab;

    [Fact]
    public void Two_nodes_list_each_other_and_a_forged_announce_does_not_take_a_pinned_name()
    {
        using var a = _lab.StartMessngr(_lab.HostA, "--netbios-name", "DISCA", "--workgroup", Lab.Workgroup, "--interface", _lab.HostA.Address);
        using var c = _lab.StartMessngr(_lab.HostC, "--netbios-name", "DISCC", "--workgroup", Lab.Workgroup, "--interface", _lab.HostC.Address);
        var idResult = _lab.MessngrCommand(_lab.HostC, "id", "--json", "--state-dir", c.StateDirectory);
        Assert.True(idResult.ExitCode == 0, idResult.Error);
        string cId;
        using (var id = JsonDocument.Parse(idResult.Output))
        {
            cId = id.RootElement.GetProperty("nodeId").GetString()!;
        }

        var trust = _lab.MessngrCommand(_lab.HostA, "trust", "add", cId, "--name", "DISCC", "--state-dir", a.StateDirectory);
        Assert.True(trust.ExitCode == 0, trust.Error);

        // Both registered their names after their start announcement: a PROBE makes them announce again.
        var cOnA = WaitForPeer(a, p => p.GetProperty("nodeId").GetString() == cId && Names(p).Contains("DISCC"), "DISCC on HOSTA");
        Assert.Equal(_lab.HostC.Address, cOnA.GetProperty("address").GetString());
        Assert.True(cOnA.GetProperty("trusted").GetBoolean());
        var aOnC = WaitForPeer(c, p => Names(p).Contains("DISCA"), "DISCA on HOSTC");
        Assert.Equal(_lab.HostA.Address, aOnC.GetProperty("address").GetString());
        Assert.False(aOnC.GetProperty("trusted").GetBoolean());

        // A stranger on HOSTB signs, with its own key, an announcement of DISCC (pinned to C) and FORGER.
        var forged = _lab.Python(_lab.HostB, "discovery.py", _lab.HostB.Broadcast, "forge", "DISCC", "FORGER");
        Assert.True(forged.ExitCode == 0, forged.Error);
        var forger = WaitForPeer(a, p => p.GetProperty("address").GetString() == _lab.HostB.Address, "the forger on HOSTA", probe: false);
        Assert.Equal(["FORGER"], Names(forger));
        Assert.False(forger.GetProperty("trusted").GetBoolean());
        var peers = Peers(a);
        Assert.Single(peers, p => Names(p).Contains("DISCC"));
        Assert.Contains("REMOTE NODE IDENTIFICATION HAS CHANGED", a.Log, StringComparison.Ordinal);
    }

    private static List<string> Names(JsonElement peer) => [.. peer.GetProperty("names").EnumerateArray().Select(n => n.GetString()!)];

    private List<JsonElement> Peers(NetnsServe serve)
    {
        var result = _lab.MessngrCommand(serve.Host, "peers", "--json", "--state-dir", serve.StateDirectory);
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        return [.. json.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private JsonElement WaitForPeer(NetnsServe serve, Func<JsonElement, bool> match, string what, bool probe = true)
    {
        var deadline = DateTime.UtcNow + SafetyNet;
        while (true)
        {
            if (probe)
            {
                _lab.Python(_lab.HostB, "discovery.py", _lab.HostB.Broadcast, "probe");
            }

            var peers = Peers(serve);
            if (peers.FirstOrDefault(match) is { ValueKind: JsonValueKind.Object } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{what} not listed within {SafetyNet.TotalSeconds} s: {string.Join(", ", peers)}\n{serve.Log}");
            }

            Thread.Sleep(1000);
        }
    }
}
