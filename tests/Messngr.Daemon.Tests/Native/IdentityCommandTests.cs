using System.Text.Json;
using Messngr.Cli;
using Messngr.Cli.Commands;
using Messngr.Daemon.Native;
using Messngr.Daemon.Tests.Control;
using Messngr.Daemon.Tests.Users;

namespace Messngr.Daemon.Tests.Native;

/// <summary><c>messngr id</c> and <c>messngr trust</c> in-process against a control server (issue #13, items 2 and 4).</summary>
public sealed class IdentityCommandTests
{
    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private static async Task<ControlServerFixture> StartAsync(TempDirectory state)
    {
        var f = await ControlServerFixture.StartAsync();
        f.Daemon.Identity = NodeIdentity.LoadOrCreate(state.Path, TimeProvider.System);
        f.Daemon.TrustList = TrustStore.Open(state.Path);
        return f;
    }

    [Fact]
    public async Task Id_prints_the_node_id_and_with_json_its_certificate()
    {
        using var state = new TempDirectory();
        await using var f = await StartAsync(state);
        var identity = f.Daemon.Identity!;

        Assert.Equal(0, await IdCommand.RunAsync(f.StateDirArgs(), f.Context(out var output, out var error), Timeout()));
        Assert.Equal(identity.Id + "\n", output.ToString());
        Assert.Equal(string.Empty, error.ToString());

        Assert.Equal(0, await IdCommand.RunAsync(f.StateDirArgs("--json"), f.Context(out output, out _), Timeout()));
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(identity.Id.ToString(), json.RootElement.GetProperty("nodeId").GetString());
        Assert.Equal(identity.Id.Short, json.RootElement.GetProperty("short").GetString());
        Assert.Equal(identity.CertificateFingerprint, json.RootElement.GetProperty("certificateSha256").GetString());
        Assert.True(json.RootElement.GetProperty("notAfter").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddYears(19));
    }

    [Fact]
    public async Task Id_without_a_daemon_exits_69_with_json_error()
    {
        using var state = new TempDirectory();
        var context = new Messngr.Cli.Control.CommandContext(new StringWriter(), new StringWriter(), new Dictionary<string, string>(), IsRoot: false);
        Assert.Equal(69, await IdCommand.RunAsync(["--json", "--state-dir", state.Path], context, Timeout()));
        using var json = JsonDocument.Parse(context.Out.ToString()!);
        Assert.Equal(69, json.RootElement.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public async Task Trust_add_list_remove_round_trip()
    {
        using var state = new TempDirectory();
        await using var f = await StartAsync(state);
        var bob = TrustStoreTests.Id("bob");

        Assert.Equal(0, await TrustCommand.RunAsync(f.StateDirArgs("add", bob.ToString().ToLowerInvariant(), "--name", "bob"), f.Context(out var output, out _), Timeout()));
        Assert.Equal($"Node {bob} (BOB) is now trusted.\n", output.ToString());

        Assert.Equal(0, await TrustCommand.RunAsync(f.StateDirArgs("list"), f.Context(out output, out _), Timeout()));
        var lines = output.ToString().Split('\n');
        Assert.StartsWith("Node id", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"{bob}  BOB   manual", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("root", lines[1], StringComparison.Ordinal);

        Assert.Equal(0, await TrustCommand.RunAsync(f.StateDirArgs("list", "--json"), f.Context(out output, out _), Timeout()));
        using (var json = JsonDocument.Parse(output.ToString()))
        {
            var entry = Assert.Single(json.RootElement.EnumerateArray());
            Assert.Equal(bob.ToString(), entry.GetProperty("nodeId").GetString());
            Assert.Equal("BOB", entry.GetProperty("name").GetString());
            Assert.Equal("manual", entry.GetProperty("source").GetString());
            Assert.Equal(ControlServerFixture.OwnUid(), entry.GetProperty("addedByUid").GetUInt32());
        }

        Assert.Equal(0, await TrustCommand.RunAsync(f.StateDirArgs("remove", "bob"), f.Context(out output, out _), Timeout()));
        Assert.Equal($"Node {bob} (BOB) is no longer trusted.\n", output.ToString());
        Assert.Empty(TrustStore.Open(state.Path).All());
    }

    [Fact]
    public async Task Trust_refusals_exit_65_and_bad_ids_are_usage_errors()
    {
        using var state = new TempDirectory();
        await using var f = await StartAsync(state);
        var bob = TrustStoreTests.Id("bob").ToString();
        Assert.Equal(0, await TrustCommand.RunAsync(f.StateDirArgs("add", bob, "--name", "BOB"), f.Context(out _, out _), Timeout()));

        Assert.Equal(65, await TrustCommand.RunAsync(f.StateDirArgs("add", bob), f.Context(out _, out var error), Timeout()));
        Assert.Contains("already trusted as BOB", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(65, await TrustCommand.RunAsync(f.StateDirArgs("add", TrustStoreTests.Id("mallory").ToString(), "--name", "BOB", "--json"), f.Context(out var output, out error), Timeout()));
        Assert.Contains("BOB is already the name of trusted node", error.ToString(), StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(output.ToString()))
        {
            Assert.Equal(65, json.RootElement.GetProperty("exitCode").GetInt32());
        }

        Assert.Equal(65, await TrustCommand.RunAsync(f.StateDirArgs("remove", "NOBODY"), f.Context(out _, out error), Timeout()));
        Assert.Contains("no trusted node NOBODY", error.ToString(), StringComparison.Ordinal);

        var typo = bob[..8] + (bob[8] == 'A' ? 'B' : 'A') + bob[9..];
        var usage = await Assert.ThrowsAsync<UsageException>(() => TrustCommand.RunAsync(f.StateDirArgs("add", typo), f.Context(out _, out _), Timeout()));
        Assert.Contains("typo in groups", usage.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<UsageException>(() => TrustCommand.RunAsync(f.StateDirArgs("add", bob, "--name", "A*B"), f.Context(out _, out _), Timeout()));
        await Assert.ThrowsAsync<UsageException>(() => TrustCommand.RunAsync(f.StateDirArgs("forget", bob), f.Context(out _, out _), Timeout()));
        await Assert.ThrowsAsync<UsageException>(() => TrustCommand.RunAsync(f.StateDirArgs(), f.Context(out _, out _), Timeout()));
    }

    [Fact]
    public async Task A_second_local_user_may_read_the_id_and_the_list_but_not_change_trust_77()
    {
        Assert.True(ControlServerFixture.OwnUid() == 0, "this test runs messngr as uid 65534 with setpriv and needs root (CI runs as root)");
        using var state = new TempDirectory();
        await using var f = await StartAsync(state);
        File.SetUnixFileMode(f.StateDirectory, (UnixFileMode)0b111_101_101);
        var bob = TrustStoreTests.Id("bob").ToString();

        var id = await RunAsNobodyAsync("id", "--state-dir", f.StateDirectory);
        Assert.Equal((0, f.Daemon.Identity!.Id + "\n"), (id.Code, id.Output));
        var list = await RunAsNobodyAsync("trust", "list", "--json", "--state-dir", f.StateDirectory);
        Assert.Equal((0, "[]\n"), (list.Code, list.Output));

        var add = await RunAsNobodyAsync("trust", "add", bob, "--state-dir", f.StateDirectory);
        Assert.Equal(77, add.Code);
        Assert.Contains("only root or the daemon's own user", add.Error, StringComparison.Ordinal);
        var remove = await RunAsNobodyAsync("trust", "remove", bob, "--json", "--state-dir", f.StateDirectory);
        Assert.Equal(77, remove.Code);
        using (var json = JsonDocument.Parse(remove.Output))
        {
            Assert.Equal(77, json.RootElement.GetProperty("exitCode").GetInt32());
        }

        Assert.Empty(f.Daemon.TrustList!.All());
    }

    /// <summary>The built messngr as uid/gid 65534 (setpriv), the second local user.</summary>
    private static async Task<(int Code, string Output, string Error)> RunAsNobodyAsync(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var arg in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", MessngrProcess.Dll, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("MESSNGR_STATE_DIR");
        start.Environment["MESSNGR_CONFIG"] = "/dev/null";
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await MessngrProcess.WaitAsync(process);
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public void Status_shows_the_node_id()
    {
        var status = new Messngr.Daemon.Control.Api.StatusDto("HOSTB", "LAB", DateTimeOffset.UtcNow, [], [], new Dictionary<string, long>(), "root", NodeId: "P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2");
        var text = Messngr.Cli.Control.ClientText.Status(status, new Messngr.Cli.Control.UserNames(new Dictionary<uint, string>()), DateTimeOffset.UtcNow);
        Assert.Contains("\nNode id P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Id_from_a_daemon_without_an_identity_is_an_internal_error()
    {
        await using var f = await ControlServerFixture.StartAsync();
        Assert.Equal(70, await IdCommand.RunAsync(f.StateDirArgs(), f.Context(out _, out var error), Timeout()));
        Assert.Contains("no node identity", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_root_and_the_daemons_own_user_may_change_trust()
    {
        Assert.True(Messngr.Daemon.Control.ControlAuthorization.MayChangeTrust(0, 998, out _));
        Assert.True(Messngr.Daemon.Control.ControlAuthorization.MayChangeTrust(998, 998, out _));
        Assert.False(Messngr.Daemon.Control.ControlAuthorization.MayChangeTrust(1000, 998, out var reason));
        Assert.Contains("uid 998", reason, StringComparison.Ordinal);
        Assert.False(Messngr.Daemon.Control.ControlAuthorization.MayChangeTrust(1000, 0, out _));
    }
}
