using System.Text.Json;

namespace Messngr.Interop.Tests.Netns.Tests;

/// <summary>
/// Started as root with <c>--user nobody</c>, messngr binds 137/138/139/135, then runs as nobody
/// (with the tty group and no capabilities) for the rest of its life: it still takes smbclient's
/// message and stores it, <c>status</c> says whom it runs as, and the hook runs as nobody through
/// the root launcher it started before the drop.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class PrivilegeDropTests
{
    private const uint Nobody = 65534;
    private readonly Lab _lab;

    public PrivilegeDropTests(Lab lab) => _lab = lab;

    [Fact]
    public void Started_as_root_with_user_nobody_it_binds_then_runs_as_nobody_and_still_delivers()
    {
        var hookDirectory = Path.Combine(_lab.Directory, "privdrop-hook");
        Directory.CreateDirectory(hookDirectory);
        NetnsCommand.Chmod(hookDirectory, (UnixFileMode)0x1FF); // 0777: the hook (nobody) writes here
        var hook = Path.Combine(hookDirectory, "hook.sh");
        File.WriteAllText(hook, $"#!/bin/sh\nid -u > '{hookDirectory}/uid-'\"$MESSNGR_MESSAGE_ID\"\n");
        NetnsCommand.Chmod(hook, (UnixFileMode)0x1ED); // 0755
        var stateDirectory = Path.Combine(_lab.Directory, "privdrop-state");

        using var serve = _lab.StartMessngr(_lab.HostA, [.. Lab.DefaultMessngrArguments, "--user", "nobody", "--hook", hook, "--state-dir", stateDirectory]);
        serve.WaitForLog("now running as user nobody");

        var status = File.ReadAllLines($"/proc/{serve.Pid}/status");
        Assert.Equal($"{Nobody}\t{Nobody}\t{Nobody}\t{Nobody}", Field(status, "Uid:"));
        Assert.Equal($"{Nobody}\t{Nobody}\t{Nobody}\t{Nobody}", Field(status, "Gid:"));
        Assert.Equal("0000000000000000", Field(status, "CapEff:"));
        Assert.Equal("0000000000000000", Field(status, "CapPrm:"));
        var ttyGid = TtyGid();
        Assert.Contains(ttyGid.ToString(System.Globalization.CultureInfo.InvariantCulture), Field(status, "Groups:").Split(' ', StringSplitOptions.RemoveEmptyEntries));

        var text = Unique.Text("as nobody");
        var sent = _lab.Smbclient(_lab.HostC, text, "-M", "HOSTA", "-I", _lab.HostA.Address, "-U", "alice", "-N");
        Assert.True(sent.ExitCode == 0, sent.Output + sent.Error + serve.Describe());
        Assert.Equal(text, serve.WaitForMessage(text).Text);

        var statusJson = _lab.MessngrCommand(_lab.HostA, "status", "--json", "--state-dir", stateDirectory);
        Assert.True(statusJson.ExitCode == 0, statusJson.Error);
        using (var document = JsonDocument.Parse(statusJson.Output))
        {
            Assert.Equal("nobody", document.RootElement.GetProperty("runningAs").GetString());
        }

        // The store was written after the drop: the state directory and the database are nobody's.
        Assert.Equal(Nobody, Owner(stateDirectory));
        Assert.Equal(Nobody, Owner(Path.Combine(stateDirectory, "messngr.db")));

        // The hook ran as nobody, started by the root launcher (the daemon itself cannot change uids any more).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        string[] written;
        while ((written = Directory.GetFiles(hookDirectory, "uid-*")).Length == 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }

        Assert.True(written.Length > 0, "the hook did not run\n" + serve.Describe());
        Assert.Equal(Nobody.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(written[0]).Trim());

        Assert.Equal(0, serve.Stop());
        Assert.Contains("messngr serve stopped", serve.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_user_is_a_configuration_error_named_by_its_key()
    {
        var result = _lab.MessngrCommand(_lab.HostA, "serve", "--user", "no-such-account-x", "--state-dir", Path.Combine(_lab.Directory, "privdrop-bad"), "--config", "/dev/null");
        Assert.Equal(78, result.ExitCode);
        Assert.Contains("user = 'no-such-account-x' is not a known account", result.Error, StringComparison.Ordinal);
    }

    private static string Field(string[] status, string name) =>
        status.First(l => l.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim();

    private static uint Owner(string path)
    {
        var stat = Support.Tool.Run("stat", ["-c", "%u", path]);
        return uint.Parse(stat.Output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static uint TtyGid()
    {
        var line = File.ReadAllLines("/etc/group").First(l => l.StartsWith("tty:", StringComparison.Ordinal));
        return uint.Parse(line.Split(':')[2], System.Globalization.CultureInfo.InvariantCulture);
    }
}
