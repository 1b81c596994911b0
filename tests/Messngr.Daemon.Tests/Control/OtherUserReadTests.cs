using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// <c>POST /v1/messages/{id}/read</c> as the second local user (uid 65534 through setpriv, so
/// SO_PEERCRED carries a real non-root uid): a message of another user is not found — 404, as one
/// that does not exist, and no read receipt — while one for everyone (to the computer) opens.
/// Needs root to drop privileges (CI runs as root).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class OtherUserReadTests
{
    [Fact]
    public async Task Nobody_cannot_open_roots_message_it_is_not_found_and_not_reported_read()
    {
        Assert.True(ControlServerFixture.OwnUid() == 0, "this test drops to uid 65534 and needs root (CI runs as root)");
        await using var f = await ControlServerFixture.StartAsync();
        File.SetUnixFileMode(f.StateDirectory, (UnixFileMode)0b111_101_101);
        var reporter = new FakeReceiptReporter();
        f.Daemon.Receipts = reporter;
        var everyone = FakeDaemonControl.Message(1, "alice", "HOSTB", "to the computer");
        var roots = FakeDaemonControl.Message(2, "alice", "ROOTALIAS", "to root's alias", MessageTransport.Mailslot);
        roots = roots with { Message = roots.Message with { Sealed = true } };
        f.Daemon.AddHistory(everyone);
        f.Daemon.AddHistory(roots);

        var answers = await NobodyClient.RunAsync(f.Server.SocketPath,
            "POST /v1/messages/2/read",
            $"POST /v1/messages/{roots.Message.MessageId}/read",
            "POST /v1/messages/1/read");

        Assert.StartsWith("404 ", answers[0], StringComparison.Ordinal);
        Assert.StartsWith("404 ", answers[1], StringComparison.Ordinal);
        Assert.DoesNotContain("root's alias", answers[0] + answers[1], StringComparison.Ordinal);
        Assert.StartsWith("200 ", answers[2], StringComparison.Ordinal);
        Assert.Contains("\"text\":\"to the computer\"", answers[2], StringComparison.Ordinal);
        Assert.Equal([(1L, ReceiptState.Read)], reporter.Calls.Select(c => (c.Seq, c.State)));
    }
}
