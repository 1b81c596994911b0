using Messngr.Daemon.Listeners;
using Messngr.Daemon.Options;
using Messngr.Wire.NetBios;

namespace Messngr.Daemon.Tests.Names;

/// <summary>Issue #11, item 1: a name in another NetBIOS scope is not ours (protocols.md §1.6).</summary>
public sealed class NetBiosScopeTests
{
    private static LocalNames Names(string scope) =>
        LocalNames.FromOptions(new ServeOptions { NetBiosName = "HOSTB", Workgroup = "LAB", Aliases = ["BOB"], StateDirectory = "/nonexistent", NetBiosScope = scope });

    [Fact]
    public void Without_a_scope_a_scoped_name_with_our_16_bytes_is_not_ours()
    {
        var names = Names("");
        Assert.NotNull(names.Find(NetBiosName.Create("HOSTB", 3)));
        Assert.Null(names.Find(NetBiosName.Create("HOSTB", 3, scope: "CORP")));
        Assert.Null(names.Find(NetBiosName.Create("LAB", 0, scope: "CORP")));
    }

    [Fact]
    public void With_a_scope_only_names_in_it_are_ours_compared_without_case()
    {
        var names = Names("CORP.EXAMPLE");
        Assert.Null(names.Find(NetBiosName.Create("BOB", 3)));
        Assert.NotNull(names.Find(NetBiosName.Create("BOB", 3, scope: "corp.example")));
        Assert.False(names.InScope(NetBiosName.Wildcard));
        Assert.Equal("BOB", names.MatchRecipient("bob"u8, includeWorkgroup: false));
    }

    [Fact]
    public void The_scope_option_is_upper_cased_and_a_bad_scope_is_refused_by_name()
    {
        var options = ServeOptionsLoader.Load(new Dictionary<string, string> { ["netbios-scope"] = "corp.example" }, new Dictionary<string, string>(), "/dev/null", isRoot: false);
        Assert.Equal("CORP.EXAMPLE", options.NetBiosScope);
        var error = Assert.Throws<ArgumentException>(() => ServeOptionsLoader.Load(new Dictionary<string, string> { ["netbios-scope"] = "a..b" }, new Dictionary<string, string>(), "/dev/null", isRoot: false));
        Assert.Contains("--netbios-scope", error.Message, StringComparison.Ordinal);
    }
}
