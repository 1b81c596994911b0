using System.Text.Json;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Name registration against Samba's nmbd: as a P-node with nmbd as the WINS server (nmbd then
/// answers queries for our names from its WINS database), and a conflict: our alias equal to a
/// name nmbd holds is defended by nmbd and marked "conflict" on our side, never used.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class NameRegistrationTests
{
    private readonly Lab _lab;

    public NameRegistrationTests(Lab lab) => _lab = lab;

    private List<JsonElement> Names() => ReadNames(whileStarting: false);

    /// <summary>The names, or none while the daemon is still starting (no control socket yet: exit 69).</summary>
    private List<JsonElement> NamesOnceUp() => ReadNames(whileStarting: true);

    private List<JsonElement> ReadNames(bool whileStarting)
    {
        var result = _lab.MessngrCommand(_lab.HostA, "name", "--json", "--state-dir", _lab.StateDirectory(_lab.HostA));
        if (whileStarting && result.ExitCode == 69)
        {
            return [];
        }

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        return JsonDocument.Parse(result.Output).RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static string? State(List<JsonElement> names, string name, int suffix) =>
        names.FirstOrDefault(n => n.GetProperty("name").GetString() == name && n.GetProperty("suffix").GetInt32() == suffix) is { ValueKind: JsonValueKind.Object } e
            ? e.GetProperty("state").GetString()
            : null;

    [Fact]
    public void Registered_with_nmbd_as_WINS_our_names_are_resolvable_through_it()
    {
        _lab.StartSamba("wins support = yes");
        NetnsServe? serve = null;
        try
        {
            serve = _lab.StartMessngr(_lab.HostA, [.. Lab.DefaultMessngrArguments, "--wins-server", _lab.HostB.Address]);
            Assert.True(SpinWait.SpinUntil(() => State(NamesOnceUp(), "HOSTA", 3) == "registered", TimeSpan.FromSeconds(15)), serve.Describe());
            var viaWins = _lab.Nmblookup(_lab.HostC, "-U", _lab.HostB.Address, "--recursion", "BOB#03");
            Assert.True(viaWins.Output.Contains($"{_lab.HostA.Address} BOB<03>", StringComparison.Ordinal), viaWins.Output + viaWins.Error);
        }
        finally
        {
            serve?.Stop();
            serve?.Dispose();
            _lab.StopSamba();
        }
    }

    [Fact]
    public void An_alias_nmbd_already_holds_ends_in_conflict_and_is_not_answered()
    {
        _lab.StartSamba();
        NetnsServe? serve = null;
        try
        {
            serve = _lab.StartMessngr(_lab.HostA, [.. Lab.DefaultMessngrArguments, "--alias", "BOB,HOSTB"]);
            Assert.True(SpinWait.SpinUntil(() => State(NamesOnceUp(), "HOSTB", 3) == "conflict", TimeSpan.FromSeconds(15)), string.Join('\n', Names()) + serve.Describe());
            Assert.Equal("registered", State(Names(), "BOB", 3));
            // The unicast query for our conflicting name is refused; nmbd still answers for HOSTB.
            var ours = _lab.Nmblookup(_lab.HostC, "-U", _lab.HostA.Address, "HOSTB#03");
            Assert.DoesNotContain($"{_lab.HostA.Address} HOSTB<03>", ours.Output, StringComparison.Ordinal);
            var text = Unique.Text("to the conflicted name");
            _lab.Smbclient(_lab.HostC, text, "-M", "HOSTB", "-I", _lab.HostA.Address, "-U", "alice", "-N");
            serve.AssertNoMessage(text, TimeSpan.FromSeconds(1));
        }
        finally
        {
            serve?.Stop();
            serve?.Dispose();
            _lab.StopSamba();
        }
    }
}
