using System.Text.Json;
using System.Text.RegularExpressions;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// <c>messngr lookup</c> on HOSTC against Samba's nmbd on HOSTB and messngr on HOSTA
/// (protocols.md §2.3, §2.4, §2.7, §2.10): a broadcast query answered by nmbd, a group name answered
/// by both, a WINS query answered from nmbd's WINS database, node status like <c>nmblookup -A</c>,
/// and a name nobody holds.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class LookupTests
{
    private readonly Lab _lab;

    public LookupTests(Lab lab) => _lab = lab;

    private Support.Tool.Result Lookup(params string[] args) => _lab.MessngrCommand(_lab.HostC, ["lookup", .. args]);

    private static string Describe(Support.Tool.Result result) => $"exit {result.ExitCode}\nstdout:\n{result.Output}\nstderr:\n{result.Error}";

    [Fact]
    public void Lookup_from_HOSTC_finds_nmbds_HOSTB_03_by_broadcast()
    {
        var samba = _lab.StartSamba();
        var result = Lookup("HOSTB", "--verbose");
        Assert.True(result.ExitCode == 0, Describe(result) + samba.Describe());
        Assert.Equal($"{_lab.HostB.Address} HOSTB<03>\n(found by broadcast)\n", result.Output);
        Assert.Contains($"broadcast on {_lab.HostC.Broadcast}: {_lab.HostB.Address}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_of_the_workgroup_collects_the_group_answers_of_nmbd_and_messngr()
    {
        _ = _lab.Messngr;
        var samba = _lab.StartSamba();
        var result = Lookup($"{Lab.Workgroup}#00", "--json", "--resolve-order", "bcast");
        Assert.True(result.ExitCode == 0, Describe(result) + samba.Describe());
        var json = JsonDocument.Parse(result.Output).RootElement;
        var addresses = json.GetProperty("addresses").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Contains(_lab.HostA.Address, addresses);
        Assert.Contains(_lab.HostB.Address, addresses);
        Assert.Equal(2, addresses.Count);
        Assert.True(json.GetProperty("group").GetBoolean());
        Assert.Equal("broadcast", json.GetProperty("method").GetString());
        Assert.Equal(0, json.GetProperty("suffix").GetInt32());
    }

    [Fact]
    public void Lookup_through_nmbd_as_WINS_finds_the_name_messngr_on_HOSTA_registered()
    {
        _lab.StartSamba("wins support = yes");
        NetnsServe? serve = null;
        try
        {
            serve = _lab.StartMessngr(_lab.HostA, [.. Lab.DefaultMessngrArguments, "--wins-server", _lab.HostB.Address]);
            Assert.True(SpinWait.SpinUntil(() => Registered("HOSTA"), TimeSpan.FromSeconds(15)), serve.Describe());

            var found = Lookup("--wins-server", _lab.HostB.Address, "--resolve-order", "wins", "HOSTA");
            Assert.True(found.ExitCode == 0, Describe(found) + serve.Describe());
            Assert.Equal($"{_lab.HostA.Address} HOSTA<03>\n(found by wins)\n", found.Output);

            // nmbd's WINS answers a name it does not hold with a negative response (NAM_ERR).
            var missing = Lookup("--wins-server", _lab.HostB.Address, "--resolve-order", "wins", "NOSUCHNAME");
            Assert.True(missing.ExitCode == 68, Describe(missing));
            Assert.Equal($"messngr lookup: NOSUCHNAME<03> not found (wins {_lab.HostB.Address}: name not registered (negative response, NAM_ERR))\n", missing.Error);
        }
        finally
        {
            serve?.Stop();
            serve?.Dispose();
            _lab.StopSamba();
        }
    }

    [Fact]
    public void Node_status_of_HOSTB_lists_nmbds_names_like_nmblookup()
    {
        var samba = _lab.StartSamba();
        var result = Lookup("-A", _lab.HostB.Address);
        Assert.True(result.ExitCode == 0, Describe(result) + samba.Describe());
        Assert.StartsWith($"Looking up status of {_lab.HostB.Address}\n", result.Output, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^\tHOSTB\s+<00> -\s+B <ACTIVE>", RegexOptions.Multiline), result.Output);
        Assert.Matches(new Regex(@"^\tHOSTB\s+<03> -\s+B <ACTIVE>", RegexOptions.Multiline), result.Output);
        Assert.Matches(new Regex(@"^\tHOSTB\s+<20> -\s+B <ACTIVE>", RegexOptions.Multiline), result.Output);
        Assert.Matches(new Regex($@"^\t{Lab.Workgroup}\s+<00> - <GROUP> B <ACTIVE>", RegexOptions.Multiline), result.Output);
        Assert.Contains("MAC Address = 00-00-00-00-00-00", result.Output, StringComparison.Ordinal);

        var json = Lookup("-A", _lab.HostB.Address, "--json");
        Assert.True(json.ExitCode == 0, Describe(json));
        var names = JsonDocument.Parse(json.Output).RootElement.GetProperty("names").EnumerateArray()
            .Select(n => $"{n.GetProperty("name").GetString()}<{n.GetProperty("suffix").GetInt32():x2}>").ToList();
        Assert.Contains("HOSTB<03>", names);
        Assert.Contains($"{Lab.Workgroup}<00>", names);
    }

    [Fact]
    public void A_name_nobody_holds_exits_68_with_one_clear_line()
    {
        _lab.StartSamba();
        var result = Lookup("NOBODYHERE", "--resolve-order", "bcast");
        Assert.True(result.ExitCode == 68, Describe(result));
        Assert.Empty(result.Output);
        Assert.Equal($"messngr lookup: NOBODYHERE<03> not found (broadcast on {_lab.HostC.Broadcast}: no answer in 0.75 s)\n", result.Error);
    }

    [Fact]
    public void Node_status_of_a_silent_address_exits_69()
    {
        // Nobody has .77 on the lab's segment: ARP fails, nothing answers.
        var result = Lookup("-A", _lab.HostC.Subnet.Replace(".0/24", ".77", StringComparison.Ordinal), "--timeout", "1");
        Assert.True(result.ExitCode == 69, Describe(result));
        Assert.Contains("no node status reply in 1 s", result.Error, StringComparison.Ordinal);
    }

    private bool Registered(string name)
    {
        var result = _lab.MessngrCommand(_lab.HostA, "name", "--json", "--state-dir", _lab.StateDirectory(_lab.HostA));
        if (result.ExitCode != 0)
        {
            return false;
        }

        return JsonDocument.Parse(result.Output).RootElement.EnumerateArray().Any(n =>
            n.GetProperty("name").GetString() == name && n.GetProperty("suffix").GetInt32() == 3 && n.GetProperty("state").GetString() == "registered");
    }
}
