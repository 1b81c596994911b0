using System.Globalization;
using System.Text.Json;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Issue #11, items 2-4 (docs/classic-conformance.md): what messngr on HOSTA and Samba's nmbd on
/// HOSTB do with a spoofed NAME CONFLICT DEMAND, a unicast query for a name they do not have, and
/// the release of WINS-registered names at shutdown. Every NBNS reply is checked by tshark.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class NbnsConformanceTests
{
    private static readonly (string Name, int Suffix)[] DemandedOfHostA = [("HOSTA", 0x00), ("HOSTA", 0x03), (Lab.Workgroup, 0x00)];
    private readonly Lab _lab;

    public NbnsConformanceTests(Lab lab) => _lab = lab;

    private List<JsonElement> Names()
    {
        var result = _lab.MessngrCommand(_lab.HostA, "name", "--json", "--state-dir", _lab.StateDirectory(_lab.HostA));
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        return JsonDocument.Parse(result.Output).RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>The table, or null while the daemon's control socket is not up yet (it opens after the names are registered).</summary>
    private List<JsonElement>? NamesOnceUp()
    {
        var result = _lab.MessngrCommand(_lab.HostA, "name", "--json", "--state-dir", _lab.StateDirectory(_lab.HostA));
        return result.ExitCode == 0 ? JsonDocument.Parse(result.Output).RootElement.EnumerateArray().Select(e => e.Clone()).ToList() : null;
    }

    private string? State(string name, int suffix) =>
        (NamesOnceUp() ?? []).FirstOrDefault(n => n.GetProperty("name").GetString() == name && n.GetProperty("suffix").GetInt32() == suffix) is { ValueKind: JsonValueKind.Object } e
            ? e.GetProperty("state").GetString()
            : null;

    /// <summary>A scapy-built NAME CONFLICT DEMAND (0xAD87) from HOSTC, unicast to <paramref name="target"/> and broadcast on the subnet.</summary>
    private void Demand(LabHost target, string name, int suffix)
    {
        foreach (var destination in new[] { target.Address, _lab.HostC.Broadcast })
        {
            var sent = _lab.Python(_lab.HostC, "nbns_conflict_demand.py", "--dst-ip", destination, "--name", name, "--suffix", $"0x{suffix:x2}");
            Assert.True(sent.ExitCode == 0 && sent.Output.Contains("flags 0xad87", StringComparison.Ordinal), sent.Output + sent.Error);
        }
    }

    [Fact]
    public void Spoofed_conflict_demands_leave_our_names_registered_as_nmbd_leaves_its_own()
    {
        _lab.StartSamba();
        var serve = _lab.Messngr;
        foreach (var (name, suffix) in DemandedOfHostA)
        {
            Demand(_lab.HostA, name, suffix);
        }

        foreach (var (name, suffix) in new[] { ("HOSTB", 0x00), ("HOSTB", 0x03), (Lab.Workgroup, 0x00) })
        {
            Demand(_lab.HostB, name, suffix);
        }

        serve.WaitForLog("ignored a NAME CONFLICT DEMAND for LAB<00>");
        foreach (var (name, suffix) in DemandedOfHostA)
        {
            Assert.Equal("registered", State(name, suffix));
        }

        var ours = _lab.Nmblookup(_lab.HostC, "-U", _lab.HostA.Address, "HOSTA#03");
        Assert.Contains($"{_lab.HostA.Address} HOSTA<03>", ours.Output, StringComparison.Ordinal);
        var group = _lab.Nmblookup(_lab.HostC, "-B", _lab.HostC.Broadcast, "LAB#00");
        Assert.Contains($"{_lab.HostA.Address} LAB<00>", group.Output, StringComparison.Ordinal);

        // nmbd: the demand matches none of its response records and is dropped; nothing is in conflict.
        var samba = _lab.Nmblookup(_lab.HostC, "-A", _lab.HostB.Address);
        Assert.Contains("HOSTB", samba.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CONFLICT", samba.Output, StringComparison.Ordinal);
        var theirs = _lab.Nmblookup(_lab.HostC, "-U", _lab.HostB.Address, "HOSTB#03");
        Assert.Contains($"{_lab.HostB.Address} HOSTB<03>", theirs.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void With_name_release_on_demand_a_unique_name_obeys_a_demand_but_the_group_name_never()
    {
        using var serve = _lab.StartMessngr(_lab.HostA, [.. Lab.DefaultMessngrArguments, "--name-release-on-demand"]);
        try
        {
            Demand(_lab.HostA, Lab.Workgroup, 0x00);
            Demand(_lab.HostA, "HOSTA", 0x03);
            Assert.True(SpinWait.SpinUntil(() => State("HOSTA", 0x03) == "conflict", TimeSpan.FromSeconds(15)), serve.Describe());
            Assert.Equal("registered", State(Lab.Workgroup, 0x00));
            Assert.Equal("registered", State("HOSTA", 0x00));
            Assert.Contains("ignored a NAME CONFLICT DEMAND for LAB<00>", serve.Log, StringComparison.Ordinal);
        }
        finally
        {
            serve.Stop();
        }
    }

    [Fact]
    public void Unicast_query_for_a_name_we_do_not_have_fails_at_once_as_against_nmbd()
    {
        _lab.StartSamba();
        _ = _lab.Messngr;
        using var capture = _lab.Capture(_lab.HostC, "udp port 137");
        foreach (var target in new[] { _lab.HostA, _lab.HostB })
        {
            var result = _lab.Nmblookup(_lab.HostC, "-U", target.Address, "NOSUCH");
            Assert.True(result.ExitCode != 0 && result.Output.Contains("name_query failed", StringComparison.Ordinal), result.Output + result.Error);
        }

        // A broadcast query for it stays unanswered.
        _lab.Nmblookup(_lab.HostC, "-B", _lab.HostC.Broadcast, "NOSUCHB");
        capture.Stop();

        var summary = capture.Summary();
        foreach (var target in new[] { _lab.HostA, _lab.HostB })
        {
            var queries = capture.Fields($"nbns.flags.response == 0 && ip.dst == {target.Address} && nbns.name == \"NOSUCH<00>\"", "frame.len", "nbns.flags");
            var answers = capture.Fields($"nbns.flags.response == 1 && ip.src == {target.Address} && nbns.name == \"NOSUCH<00>\"", "frame.len", "nbns.flags.rcode");
            Assert.True(queries.Count == 1 && answers.Count == 1, $"{target}: {queries.Count} queries, {answers.Count} answers\n{summary}");
            Assert.Equal("0x0000", queries[0][1]);
            Assert.Equal("3", answers[0][1]);
            // One datagram per query, at most the TTL and RDLENGTH (6 bytes) larger.
            Assert.True(int.Parse(answers[0][0], CultureInfo.InvariantCulture) <= int.Parse(queries[0][0], CultureInfo.InvariantCulture) + 6, summary);
        }

        Assert.Empty(capture.Fields("nbns.flags.response == 1 && nbns.name == \"NOSUCHB<00>\"", "frame.number"));
        Assert.Empty(capture.Problems("nbns"));
    }

    [Fact]
    public void At_shutdown_no_release_is_repeated_after_nmbd_as_WINS_answered_it()
    {
        _lab.StartSamba("wins support = yes");
        NetnsServe? serve = null;
        try
        {
            serve = _lab.StartMessngr(_lab.HostA, [.. Lab.DefaultMessngrArguments, "--wins-server", _lab.HostB.Address]);
            Assert.True(SpinWait.SpinUntil(() => NamesOnceUp()?.All(n => n.GetProperty("state").GetString() == "registered") == true, TimeSpan.FromSeconds(30)), serve.Describe());
            var held = Names().Count;
            using var capture = _lab.Capture(_lab.HostA, $"udp port 137 and host {_lab.HostB.Address}", TimeSpan.FromSeconds(60));
            Assert.Equal(0, serve.Stop());
            capture.Stop();

            var summary = capture.Summary();
            // (frame, name): nbns.name holds every occurrence ("HOSTA<00>,HOSTA<00> (Workstation/Redirector)"); the first, bare.
            static (int Frame, string Name) Row(string[] fields) =>
                (int.Parse(fields[0], CultureInfo.InvariantCulture), fields[1].Split(',')[0].Split(' ')[0]);
            var releases = capture.Fields($"nbns.flags.response == 0 && nbns.flags.opcode == 6 && ip.src == {_lab.HostA.Address}", "frame.number", "nbns.name").Select(Row).ToList();
            var answers = capture.Fields($"nbns.flags.response == 1 && nbns.flags.opcode == 6 && ip.src == {_lab.HostB.Address}", "frame.number", "nbns.name").Select(Row).ToList();
            Assert.True(releases.Select(r => r.Name).Distinct().Count() == held, $"{held} names\n{summary}");
            foreach (var name in releases.Select(r => r.Name).Distinct())
            {
                // nmbd answers each release; no retransmission follows its answer (RFC 1002 §5.1.2.4).
                // Before the fix every name went out three times, 1.5 s apart, answered or not.
                var answered = answers.Where(a => a.Name == name).Select(a => a.Frame).DefaultIfEmpty(int.MaxValue).Min();
                Assert.True(answered != int.MaxValue, $"nmbd did not answer the release of {name}\n{summary}");
                Assert.DoesNotContain(releases, r => r.Name == name && r.Frame > answered);
            }

            Assert.Empty(capture.Problems("nbns"));
        }
        finally
        {
            serve?.Dispose();
            _lab.StopSamba();
        }
    }
}
