using System.Text.Json;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Issue #13, "Tests that must exist and pass": the native transport's refusals end to end, with
/// real daemons on HOSTA (sender) and HOSTC (receiver), each trusting what the case needs
/// (README "Node identity and trust", "Store-and-forward": an untrusted or changed key is not
/// retried; docs/native-protocol.md §10):
/// (a) a node A does not trust: <c>send --native</c> exits 77 and nothing reaches C;
/// (b) a node whose key changed under a pinned name: 77, "REMOTE NODE IDENTIFICATION HAS CHANGED",
/// nothing stored;
/// (c) a forged, validly signed ANNOUNCE from HOSTB for C's pinned name: the automatic <c>send</c>
/// goes to C, never to the forger (a capture on HOSTB sees no TCP from A), and A's log says why.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class NativeRefusalTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(90);
    private readonly Lab _lab;

    public NativeRefusalTests(Lab lab) => _lab = lab;

    [Fact]
    public void A_node_the_sender_does_not_trust_is_refused_77_and_gets_nothing()
    {
        using var a = NativeLabNodes.Start(_lab, _lab.HostA, "REFUA");
        using var c = NativeLabNodes.Start(_lab, _lab.HostC, "REFUC");
        // C would take A's messages; A has never heard of C's key.
        NativeLabNodes.Trust(_lab, c, NativeLabNodes.NodeId(_lab, a), "REFUA");
        var text = Unique.Text("to an unknown node");

        var send = SendNative(a, $"REFUC@{_lab.HostC.Address}", text);

        Assert.True(send.ExitCode == 77, $"exit {send.ExitCode}\n{send.Output}{send.Error}\n{a.Log}");
        Assert.Contains("trust add", a.Log, StringComparison.Ordinal); // the policy logged the command that would trust C
        Assert.Equal("failed", Assert.Single(NativeLabNodes.SentStates(_lab, a).Values));
        Assert.Empty(NativeLabNodes.HistoryIds(_lab, c));
        Assert.DoesNotContain(c.Messages, m => m.Text.Contains(text, StringComparison.Ordinal));
    }

    [Fact]
    public void A_changed_key_under_a_pinned_name_is_refused_77_as_REMOTE_NODE_IDENTIFICATION_HAS_CHANGED()
    {
        using var a = NativeLabNodes.Start(_lab, _lab.HostA, "KEYA");
        var c = NativeLabNodes.Start(_lab, _lab.HostC, "KEYC");
        NativeLabNodes.TrustEachOther(_lab, a, "KEYA", c, "KEYC");
        var oldId = NativeLabNodes.NodeId(_lab, c);

        // C is re-keyed: its identity moved away, the next start makes a new one (its trust list stays).
        Assert.Equal(0, c.Stop());
        c.Dispose();
        foreach (var file in new[] { "node-key.pem", "node-cert.pem" })
        {
            File.Move(Path.Combine(c.StateDirectory, file), Path.Combine(c.StateDirectory, file + ".old"));
        }

        using var rekeyed = NativeLabNodes.Restart(_lab, c);
        Assert.NotEqual(oldId, NativeLabNodes.NodeId(_lab, rekeyed));
        var text = Unique.Text("to a re-keyed node");

        var send = SendNative(a, $"KEYC@{_lab.HostC.Address}", text);

        Assert.True(send.ExitCode == 77, $"exit {send.ExitCode}\n{send.Output}{send.Error}\n{a.Log}");
        Assert.Contains("REMOTE NODE IDENTIFICATION HAS CHANGED", a.Log + send.Output + send.Error, StringComparison.Ordinal);
        Assert.Equal("failed", Assert.Single(NativeLabNodes.SentStates(_lab, a).Values));
        Assert.Empty(NativeLabNodes.HistoryIds(_lab, rekeyed));
        Assert.DoesNotContain(rekeyed.Messages, m => m.Text.Contains(text, StringComparison.Ordinal));
    }

    [Fact]
    public void A_forged_announce_of_a_pinned_name_never_draws_the_message_to_the_forger()
    {
        using var a = NativeLabNodes.Start(_lab, _lab.HostA, "FORGEA");
        using var c = NativeLabNodes.Start(_lab, _lab.HostC, "FORGEC");
        NativeLabNodes.TrustEachOther(_lab, a, "FORGEA", c, "FORGEC");
        var cId = NativeLabNodes.NodeId(_lab, c);
        NativeLabNodes.WaitFor(
            () => Peers(a).Any(p => p.GetProperty("nodeId").GetString() == cId && Names(p).Contains("FORGEC") && p.GetProperty("trusted").GetBoolean()),
            SafetyNet,
            () => $"C not listed as FORGEC on A\n{a.Log}",
            probe: () => _lab.Python(_lab.HostB, "discovery.py", _lab.HostB.Broadcast, "probe"));

        // Everything A sends to HOSTB over TCP (native 2426, or classic 139) is seen here.
        using var capture = _lab.Capture(_lab.HostB, $"tcp and src host {_lab.HostA.Address} and dst host {_lab.HostB.Address}", TimeSpan.FromSeconds(300));
        var forged = _lab.Python(_lab.HostB, "discovery.py", _lab.HostB.Broadcast, "forge", "FORGEC");
        Assert.True(forged.ExitCode == 0, forged.Error);
        NativeLabNodes.WaitFor(
            () => a.Log.Contains("REMOTE NODE IDENTIFICATION HAS CHANGED: FORGEC", StringComparison.Ordinal),
            SafetyNet,
            () => $"A did not log the forged claim\n{a.Log}");
        var text = Unique.Text("to the pinned node");

        var send = _lab.MessngrCommand(_lab.HostA, "send", "--json", "--state-dir", a.StateDirectory, "FORGEC", text);

        Assert.True(send.ExitCode == 0, $"exit {send.ExitCode}\n{send.Output}{send.Error}\n{a.Log}");
        using (var json = JsonDocument.Parse(send.Output))
        {
            var result = Assert.Single(json.RootElement.EnumerateArray());
            Assert.Equal("native", result.GetProperty("transport").GetString());
            Assert.Equal(cId, result.GetProperty("nodeId").GetString());
        }

        c.WaitForMessage(text, SafetyNet);
        Assert.Single(NativeLabNodes.HistoryIds(_lab, c));
        capture.Stop();
        Assert.True(capture.Fields("tcp", "frame.number").Count == 0, $"A sent TCP to the forger:\n{capture.Summary()}");
    }

    private Support.Tool.Result SendNative(NetnsServe from, string recipient, string text) =>
        _lab.MessngrCommand(from.Host, "send", "--native", "--state-dir", from.StateDirectory, recipient, text);

    private static List<string> Names(JsonElement peer) => [.. peer.GetProperty("names").EnumerateArray().Select(n => n.GetString()!)];

    private List<JsonElement> Peers(NetnsServe serve)
    {
        var result = _lab.MessngrCommand(serve.Host, "peers", "--json", "--state-dir", serve.StateDirectory);
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        return [.. json.RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
