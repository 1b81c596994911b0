using System.Text.RegularExpressions;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Samba's nmblookup and nbtscan on HOSTC find the names messngr on HOSTA holds (protocols.md
/// §2.4, §2.7, §9.1): unicast and broadcast queries for HOSTA&lt;03&gt;, and node status.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class NameServiceTests
{
    private readonly Lab _lab;

    public NameServiceTests(Lab lab)
    {
        _lab = lab;
        _ = _lab.Messngr;
    }

    [Fact]
    public void Nmblookup_finds_HOSTA_03_by_unicast_query_from_another_host()
    {
        var result = _lab.Nmblookup(_lab.HostC, "-U", _lab.HostA.Address, "HOSTA#03");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains($"{_lab.HostA.Address} HOSTA<03>", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Nmblookup_finds_HOSTA_03_by_broadcast_query_on_the_bridge()
    {
        var result = _lab.Nmblookup(_lab.HostC, "-B", _lab.HostC.Broadcast, "HOSTA#03");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains($"{_lab.HostA.Address} HOSTA<03>", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Nmblookup_finds_the_alias_BOB_03_by_broadcast()
    {
        var result = _lab.Nmblookup(_lab.HostC, "-B", _lab.HostC.Broadcast, "BOB#03");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains($"{_lab.HostA.Address} BOB<03>", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_status_from_nmblookup_lists_computer_alias_and_workgroup_names()
    {
        var result = _lab.Nmblookup(_lab.HostC, "-A", _lab.HostA.Address);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Matches(new Regex(@"^\s*HOSTA\s+<00> -\s+B <ACTIVE>", RegexOptions.Multiline), result.Output);
        Assert.Matches(new Regex(@"^\s*HOSTA\s+<03> -\s+B <ACTIVE>", RegexOptions.Multiline), result.Output);
        Assert.Matches(new Regex(@"^\s*BOB\s+<03> -\s+B <ACTIVE>", RegexOptions.Multiline), result.Output);
        Assert.Matches(new Regex(@"^\s*LAB\s+<00> - <GROUP> B <ACTIVE>", RegexOptions.Multiline), result.Output);
    }

    [Fact]
    public void Nbtscan_finds_HOSTA_with_BOB_as_its_user_name()
    {
        var result = _lab.Exec(_lab.HostC, "nbtscan", _lab.HostA.Address);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        // nbtscan shows the <00> name as "NetBIOS Name" and another <03> name as "User".
        Assert.Matches(new Regex($@"^{Regex.Escape(_lab.HostA.Address)}\s+HOSTA\s+.*\bBOB\b", RegexOptions.Multiline), result.Output);
    }
}
