using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// The control API as a user other than root sees it: a child process dropped to uid 65534
/// (nobody) with setpriv(1) talks to the socket, so SO_PEERCRED carries a real non-root uid.
/// Needs root to drop privileges (CI runs as root).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class OtherUserTests
{
    private const uint Nobody = 65534;

    [Fact]
    public async Task Nobody_sees_only_messages_to_the_computer_and_cannot_delete_roots_alias()
    {
        Assert.True(ControlServerFixture.OwnUid() == 0, "this test drops to uid 65534 and needs root (CI runs as root)");
        await using var f = await ControlServerFixture.StartAsync();
        File.SetUnixFileMode(f.StateDirectory, (UnixFileMode)0b111_101_101);
        f.Daemon.AddHistory(FakeDaemonControl.Message(1, "alice", "HOSTB", "to the computer"));
        f.Daemon.AddHistory(FakeDaemonControl.Message(2, "alice", "ROOTALIAS", "to root's alias", MessageTransport.Mailslot));
        f.Daemon.AddHistory(FakeDaemonControl.Message(3, "alice", "LAB", "to the workgroup", MessageTransport.Mailslot));

        var answers = await RunAsNobodyAsync(f.Server.SocketPath, "GET /v1/history", "DELETE /v1/names/ROOTALIAS", "POST /v1/names");

        Assert.Contains(("history", Nobody), f.Daemon.Calls);
        Assert.StartsWith("200 [", answers[0], StringComparison.Ordinal);
        Assert.Contains("\"seq\":3", answers[0], StringComparison.Ordinal);
        Assert.Contains("\"seq\":1", answers[0], StringComparison.Ordinal);
        Assert.DoesNotContain("\"seq\":2", answers[0], StringComparison.Ordinal);

        Assert.StartsWith("403 ", answers[1], StringComparison.Ordinal);
        Assert.Contains("ROOTALIAS belongs to uid 0", answers[1], StringComparison.Ordinal);
        Assert.DoesNotContain(f.Daemon.Calls, c => c.Call.StartsWith("delete", StringComparison.Ordinal));
        Assert.StartsWith("400 ", answers[2], StringComparison.Ordinal);
    }

    private static Task<string[]> RunAsNobodyAsync(string socketPath, params string[] requests) => NobodyClient.RunAsync(socketPath, requests);
}
