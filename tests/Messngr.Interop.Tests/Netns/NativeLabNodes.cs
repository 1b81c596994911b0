using System.Text.Json;

namespace Messngr.Interop.Tests.Netns;

/// <summary>
/// Two or more <c>messngr serve</c> in the lab talking the native transport (issue #13): each in a
/// fresh state directory of its own (so that no other test's identity or trust list leaks in), and
/// the few CLI calls the native tests read state with — <c>id --json</c>, <c>trust add</c>,
/// <c>sent --json</c>, <c>history --json</c>. Every call asserts its exit code with its stderr.
/// </summary>
internal static class NativeLabNodes
{
    /// <summary>Starts a serve on <paramref name="host"/> named <paramref name="name"/>, in a new state directory under the lab's.</summary>
    public static NetnsServe Start(Lab lab, LabHost host, string name, params string[] extra)
    {
        var stateDirectory = Path.Combine(lab.Directory, $"native-{name.ToLowerInvariant()}-{Guid.NewGuid():N}");
        return lab.StartMessngr(host, ["--netbios-name", name, "--workgroup", Lab.Workgroup, "--interface", host.Address, "--state-dir", stateDirectory, .. extra]);
    }

    /// <summary>Starts <paramref name="serve"/>'s command line again (same state directory), after it stopped or was killed, with <paramref name="extra"/> options added.</summary>
    public static NetnsServe Restart(Lab lab, NetnsServe serve, params string[] extra) => lab.StartMessngr(serve.Host, [.. serve.Arguments, .. extra]);

    /// <summary>The node id (<c>messngr id --json</c>: nodeId) of the identity in <paramref name="serve"/>'s state directory.</summary>
    public static string NodeId(Lab lab, NetnsServe serve)
    {
        var result = Checked(lab.MessngrCommand(serve.Host, "id", "--json", "--state-dir", serve.StateDirectory), "id");
        using var id = JsonDocument.Parse(result.Output);
        return id.RootElement.GetProperty("nodeId").GetString()!;
    }

    /// <summary><c>messngr trust add ID --name NAME</c> on <paramref name="serve"/>.</summary>
    public static void Trust(Lab lab, NetnsServe serve, string nodeId, string name) =>
        Checked(lab.MessngrCommand(serve.Host, "trust", "add", nodeId, "--name", name, "--state-dir", serve.StateDirectory), "trust add");

    /// <summary>Makes <paramref name="a"/> and <paramref name="c"/> trust each other under their NetBIOS names (the TLS handshake is mutual).</summary>
    public static void TrustEachOther(Lab lab, NetnsServe a, string aName, NetnsServe c, string cName)
    {
        Trust(lab, a, NodeId(lab, c), cName);
        Trust(lab, c, NodeId(lab, a), aName);
    }

    /// <summary>Message id → state of every message in <paramref name="serve"/>'s outbox (<c>sent --json --limit 1000</c>, as root: everyone's).</summary>
    public static Dictionary<string, string> SentStates(Lab lab, NetnsServe serve)
    {
        var result = Checked(lab.MessngrCommand(serve.Host, "sent", "--json", "--limit", "1000", "--state-dir", serve.StateDirectory), "sent");
        using var json = JsonDocument.Parse(result.Output);
        return json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("state").GetString()!);
    }

    /// <summary>
    /// The message ids of <paramref name="serve"/>'s history (<c>history --json --all --limit 1000</c>,
    /// newest first), one entry per stored row: a message stored twice is listed twice. Asks the
    /// running daemon (history is served over its control socket only).
    /// </summary>
    public static List<string> HistoryIds(Lab lab, NetnsServe serve)
    {
        var result = Checked(lab.MessngrCommand(serve.Host, "history", "--json", "--all", "--limit", "1000", "--state-dir", serve.StateDirectory), "history");
        using var json = JsonDocument.Parse(result.Output);
        return [.. json.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];
    }

    /// <summary>
    /// Polls <paramref name="condition"/> once a second (running <paramref name="probe"/> before each
    /// look, e.g. a discovery PROBE) until it holds; fails with <paramref name="describe"/> after <paramref name="safetyNet"/>.
    /// </summary>
    public static void WaitFor(Func<bool> condition, TimeSpan safetyNet, Func<string> describe, Action? probe = null)
    {
        var deadline = DateTime.UtcNow + safetyNet;
        while (true)
        {
            probe?.Invoke();
            if (condition())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"not reached within the {safetyNet.TotalSeconds:0} s safety net: {describe()}");
            }

            Thread.Sleep(1000);
        }
    }

    private static Support.Tool.Result Checked(Support.Tool.Result result, string what)
    {
        Assert.True(result.ExitCode == 0, $"messngr {what} exited {result.ExitCode}: {result.Error}{result.Output}");
        return result;
    }
}
