using System.Text.Json;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Issue #12, item 1, in the lab: messngr never shares a port. Started next to Samba (nmbd and
/// smbd on HOSTB, which set SO_REUSEADDR and SO_REUSEPORT and run as root as messngr does), it
/// reports 137/138/139 as in use by nmbd and smbd instead of slipping in beside them, so a
/// message to its name is not taken by smbd as if smbd were messngr. A second messngr in one
/// namespace stops with exit 73.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class PortOwnershipTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Lab _lab;

    public PortOwnershipTests(Lab lab) => _lab = lab;

    private static string[] Serve(string name, string stateDir) =>
        ["dotnet", Path.Combine(AppContext.BaseDirectory, "messngr.dll"), "serve", "--netbios-name", name, "--workgroup", Lab.Workgroup, "--state-dir", stateDir, "--config", "/dev/null"];

    [Fact]
    public void Next_to_Samba_messngr_reports_137_138_139_in_use_and_smbd_gets_no_message_for_its_name()
    {
        var samba = _lab.StartSamba();
        var stateDir = Path.Combine(_lab.Directory, "hostb", "messngr-beside-samba");
        using var serve = _lab.StartProcess(_lab.HostB, Serve("MSGB", stateDir));
        Assert.True(serve.WaitUntil(() => serve.Error.Contains("control API listening on", StringComparison.Ordinal), StartTimeout), serve.Describe());
        // Settled: its names registered on the wire (as when it shared 137 with nmbd), or held locally only.
        Assert.True(serve.WaitUntil(() => serve.Error.Contains("registered MSGB<03>", StringComparison.Ordinal) || serve.Error.Contains("name service not running", StringComparison.Ordinal), StartTimeout), serve.Describe());

        // One warning per port, naming it and its owner.
        Assert.Contains("udp port 137 (0.0.0.0:137) is in use by another process: nmbd (pid ", serve.Error, StringComparison.Ordinal);
        Assert.Contains("udp port 138 (0.0.0.0:138) is in use by another process: nmbd (pid ", serve.Error, StringComparison.Ordinal);
        Assert.Contains("tcp port 139 (0.0.0.0:139) is in use by another process: smbd", serve.Error, StringComparison.Ordinal);

        var status = _lab.MessngrCommand(_lab.HostB, "status", "--json", "--state-dir", stateDir);
        Assert.True(status.ExitCode == 0, status.Output + status.Error + serve.Describe());
        using var json = JsonDocument.Parse(status.Output);
        // The classic ports are unique by endpoint; the native transport (tcp) and discovery (udp) share 2426.
        var states = json.RootElement.GetProperty("listeners").EnumerateArray()
            .Where(l => !l.GetProperty("endPoint").GetString()!.EndsWith(":2426", StringComparison.Ordinal))
            .ToDictionary(l => l.GetProperty("endPoint").GetString()!, l => (State: l.GetProperty("state").GetString(), Owner: l.GetProperty("owner").GetString()));
        Assert.Equal("in use", states["0.0.0.0:137"].State);
        Assert.StartsWith("nmbd (pid ", states["0.0.0.0:137"].Owner, StringComparison.Ordinal);
        Assert.Equal("in use", states["0.0.0.0:138"].State);
        Assert.Equal("in use", states["0.0.0.0:139"].State);
        Assert.StartsWith("smbd", states["0.0.0.0:139"].Owner, StringComparison.Ordinal);
        Assert.Equal("bound", states["0.0.0.0:135"].State);

        var text = _lab.MessngrCommand(_lab.HostB, "status", "--state-dir", stateDir);
        // Padded to the widest endpoint (0.0.0.0:2426 of discovery, issue #13, item 5).
        Assert.Matches(@"0\.0\.0\.0:137 +in use by another process \(nmbd \(pid ", text.Output);

        // A message to messngr's name is not delivered to smbd as if it were messngr: the name is
        // not on the wire (its 137 is not ours), so the sender is told it was not found.
        var message = Unique.Text("for MSGB, not for smbd");
        var send = _lab.MessngrCommand(_lab.HostC, "send", "--netbios-name", "HOSTC", "--workgroup", Lab.Workgroup, "--config", "/dev/null", "MSGB", message);
        Assert.True(send.ExitCode == 68, $"exit {send.ExitCode}\n{send.Output}{send.Error}");
        Assert.DoesNotContain(samba.Messages, m => m.Text.Contains(Unique.Tag(message), StringComparison.Ordinal));
    }

    [Fact]
    public void A_second_messngr_in_one_namespace_exits_73_naming_the_first()
    {
        var first = _lab.StartMessngr(_lab.HostC, "--netbios-name", "FIRSTC", "--workgroup", Lab.Workgroup, "--state-dir", Path.Combine(_lab.Directory, "hostc", "first"));
        try
        {
            var second = _lab.Exec(_lab.HostC, Serve("SECONDC", Path.Combine(_lab.Directory, "hostc", "second")));

            Assert.True(second.ExitCode == 73, $"exit {second.ExitCode}\n{second.Error}");
            Assert.Contains($"udp port 137 (0.0.0.0:137) is in use by another process: dotnet (pid {first.Pid})", second.Error, StringComparison.Ordinal);
            Assert.Contains($"tcp port 139 (0.0.0.0:139) is in use by another process: dotnet (pid {first.Pid})", second.Error, StringComparison.Ordinal);
            Assert.Contains("messngr serve: not one listener could be bound (", second.Error, StringComparison.Ordinal);
            Assert.False(first.HasExited, first.Describe());
        }
        finally
        {
            first.Dispose();
        }
    }
}
