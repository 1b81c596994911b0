using System.Text.RegularExpressions;
using Messngr.Interop.Tests.Support;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Node status does not tell other hosts who is logged on: with a user in (a test-private) utmp,
/// Samba's <c>nmblookup -A</c> on HOSTC does not see that user's <c>&lt;03&gt;</c> name by default,
/// and sees it with <c>--node-status-users</c>; a name query for it is answered either way.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class NodeStatusUsersTests
{
    /// <summary>Has a passwd entry everywhere.</summary>
    private const string User = "nobody";

    private static readonly Regex UserLine = new(@"^\s*NOBODY\s+<03> -\s+B <ACTIVE>", RegexOptions.Multiline, TimeSpan.FromSeconds(1));

    private readonly Lab _lab;

    public NodeStatusUsersTests(Lab lab) => _lab = lab;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Nmblookup_A_shows_a_logged_on_users_name_only_with_node_status_users(bool listUsers)
    {
        var run = Path.Combine(_lab.Directory, "hosta", $"run-{Guid.NewGuid():N}");
        LabUtmp.Write(run, ("pts/42", User));
        string[] args = [.. Lab.DefaultMessngrArguments, .. listUsers ? new[] { "--node-status-users" } : []];
        using var serve = _lab.StartMessngrWithPrefix(_lab.HostA, LabUtmp.RunPrefix(run), args);
        serve.WaitForLog("registered NOBODY<03>");

        // Delivery needs the name: a query for it is answered whatever the option.
        var query = _lab.Nmblookup(_lab.HostC, "-U", _lab.HostA.Address, "NOBODY#03");
        Assert.True(query.ExitCode == 0, query.Output + query.Error);
        Assert.Contains($"{_lab.HostA.Address} NOBODY<03>", query.Output, StringComparison.Ordinal);

        var status = _lab.Nmblookup(_lab.HostC, "-A", _lab.HostA.Address);
        Assert.True(status.ExitCode == 0, status.Output + status.Error);
        Assert.Matches(new Regex(@"^\s*HOSTA\s+<03> -\s+B <ACTIVE>", RegexOptions.Multiline), status.Output);
        Assert.True(UserLine.IsMatch(status.Output) == listUsers, status.Output);
    }
}
