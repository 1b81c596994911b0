using System.Net;
using System.Text.Json;
using Messngr.Cli.Commands;
using Messngr.Daemon.Native;
using Messngr.Daemon.Tests.Control;
using Messngr.Daemon.Tests.Hosting;
using Messngr.Daemon.Tests.Users;

namespace Messngr.Daemon.Tests.Native;

/// <summary><c>messngr peers</c> against a control server with a peer table (issue #13, item 5).</summary>
public sealed class PeersCommandTests
{
    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private static async Task<(ControlServerFixture Fixture, NodeId Bob)> StartAsync(TempDirectory state)
    {
        var f = await ControlServerFixture.StartAsync();
        var trust = TrustStore.Open(state.Path);
        var bob = TrustStoreTests.Id("bob");
        trust.Add(new TrustEntry(bob, "BOB", DateTimeOffset.UtcNow, 0, TrustSource.Manual));
        var peers = new PeerTable(8, trust, [("far.example", 2500)], TimeProvider.System, new CapturingLogger());
        peers.Announced(bob, ["BOB"], IPAddress.Parse("10.13.0.2"), 2426);
        f.Daemon.Peers = peers;
        return (f, bob);
    }

    [Fact]
    public async Task Peers_lists_announced_and_static_peers_as_a_table_and_as_json()
    {
        using var state = new TempDirectory();
        var (f, bob) = await StartAsync(state);
        await using (f)
        {
            Assert.Equal(0, await PeersCommand.RunAsync(f.StateDirArgs(), f.Context(out var output, out _), Timeout()));
            var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("NODE", lines[0], StringComparison.Ordinal);
            Assert.Matches($"^{bob.Short} +BOB +10.13.0.2:2426 +[0-9:]+ +announced +yes$", lines[1]);
            Assert.Matches("^- +- +far.example:2500 +- +static +-$", lines[2]);

            Assert.Equal(0, await PeersCommand.RunAsync(f.StateDirArgs("--json"), f.Context(out output, out _), Timeout()));
            using var json = JsonDocument.Parse(output.ToString());
            var first = json.RootElement[0];
            Assert.Equal(bob.ToString(), first.GetProperty("nodeId").GetString());
            Assert.Equal(bob.Short, first.GetProperty("short").GetString());
            Assert.Equal("BOB", first.GetProperty("names")[0].GetString());
            Assert.Equal("10.13.0.2", first.GetProperty("address").GetString());
            Assert.Equal(2426, first.GetProperty("port").GetInt32());
            Assert.Equal("announced", first.GetProperty("source").GetString());
            Assert.True(first.GetProperty("trusted").GetBoolean());
            Assert.Equal(JsonValueKind.Null, json.RootElement[1].GetProperty("nodeId").ValueKind);
            Assert.Equal("static", json.RootElement[1].GetProperty("source").GetString());
        }
    }

    [Fact]
    public async Task A_second_local_user_may_list_peers()
    {
        Assert.True(ControlServerFixture.OwnUid() == 0, "this test runs messngr as uid 65534 with setpriv and needs root (CI runs as root)");
        using var state = new TempDirectory();
        var (f, bob) = await StartAsync(state);
        await using (f)
        {
            File.SetUnixFileMode(f.StateDirectory, (UnixFileMode)0b111_101_101);
            var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
            foreach (var arg in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", MessngrProcess.Dll, "peers", "--json", "--state-dir", f.StateDirectory])
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment.Remove("MESSNGR_STATE_DIR");
            start.Environment["MESSNGR_CONFIG"] = "/dev/null";
            using var process = System.Diagnostics.Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            await MessngrProcess.WaitAsync(process);
            Assert.Equal(0, process.ExitCode);
            Assert.Contains(bob.ToString(), await output, StringComparison.Ordinal);
        }
    }
}
