namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Issue #12, item 2, in the lab: the state-directory lock is held on an open file, so it outlives
/// the drop from root to <c>--user nobody</c>; a second serve on that directory stops with exit 73
/// before it binds a port or touches the database.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class StateLockTests
{
    private readonly Lab _lab;

    public StateLockTests(Lab lab) => _lab = lab;

    [Fact]
    public void The_lock_outlives_the_privilege_drop_and_stops_a_second_serve_with_73()
    {
        var stateDirectory = Path.Combine(_lab.Directory, "hostc", "locked-state");
        using var first = _lab.StartMessngr(_lab.HostC, "--netbios-name", "LOCKC", "--workgroup", Lab.Workgroup, "--user", "nobody", "--state-dir", stateDirectory);
        first.WaitForLog("now running as user nobody");

        var second = _lab.Exec(_lab.HostC, "dotnet", Path.Combine(AppContext.BaseDirectory, "messngr.dll"), "serve", "--netbios-name", "OTHERC", "--workgroup", Lab.Workgroup, "--state-dir", stateDirectory, "--config", "/dev/null");

        Assert.True(second.ExitCode == 73, $"exit {second.ExitCode}\n{second.Error}");
        var lines = second.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"messngr serve: another messngr serve (pid {first.Pid}) is using {stateDirectory}; stop it, or give this one another --state-dir", lines[^1]);
        Assert.DoesNotContain("is not running", second.Error, StringComparison.Ordinal); // no port was tried
        Assert.False(first.HasExited, first.Describe());
    }
}
