using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Core;
using Messngr.Daemon.Native;

namespace Messngr.Daemon.Tests.Control;

/// <summary>
/// Issue #13, item 8, as a second local user: a child process dropped to uid 65534 (nobody) with
/// setpriv(1) sends, lists and waits through the control socket, so SO_PEERCRED carries a real
/// non-root uid. Needs root to drop privileges (CI runs as root).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class OtherUserSendTests
{
    private const uint Nobody = 65534;

    [Fact]
    public async Task A_second_user_sends_as_itself_and_cannot_see_list_or_wait_on_roots_message()
    {
        Assert.True(ControlServerFixture.OwnUid() == 0, "this test drops to uid 65534 and needs root (CI runs as root)");
        await using var f = await ControlServerFixture.StartAsync();
        File.SetUnixFileMode(f.StateDirectory, (UnixFileMode)0b111_101_101);
        var delivery = new FakeNativeDelivery(f.Daemon);
        f.Daemon.Delivery = delivery;
        var roots = await f.Client.SendNativeAsync(new NativeSendRequest("BOB", "root's secret"), TimeSpan.FromSeconds(30), CancellationToken.None);

        var answers = await NobodyClient.RunAsync(f.Server.SocketPath,
            "POST /v1/send|{\"recipient\":\"BOB\",\"text\":\"from nobody\",\"fromUser\":\"root\",\"fromUid\":0}",
            "GET /v1/sent",
            $"GET /v1/sent/{roots.MessageId}",
            $"GET /v1/sent/{roots.MessageId}?wait=read&timeout=60");

        var fromNobody = delivery.Submitted.Single(m => m.Text == "from nobody");
        Assert.Equal(("nobody", Nobody), (fromNobody.FromUser, fromNobody.FromUid));
        Assert.StartsWith("200 ", answers[0], StringComparison.Ordinal);
        Assert.StartsWith("200 [", answers[1], StringComparison.Ordinal);
        Assert.Contains(fromNobody.Id.ToString(), answers[1], StringComparison.Ordinal);
        Assert.DoesNotContain(roots.MessageId, answers[1], StringComparison.Ordinal);
        Assert.StartsWith("404 ", answers[2], StringComparison.Ordinal);
        Assert.StartsWith("404 ", answers[3], StringComparison.Ordinal);
        Assert.False(delivery.WaitStarted.Task.IsCompleted, "a wait on another user's message must not start");
        Assert.Contains(f.Daemon.Calls, c => c == ("sent", Nobody));
    }

    [Fact]
    public async Task A_flood_from_one_user_hits_429_while_another_user_can_still_send()
    {
        Assert.True(ControlServerFixture.OwnUid() == 0, "this test drops to uid 65534 and needs root (CI runs as root)");
        await using var f = await ControlServerFixture.StartAsync(DaemonLimits.Default with { MaxWaitingPerUser = 3 });
        File.SetUnixFileMode(f.StateDirectory, (UnixFileMode)0b111_101_101);
        var delivery = new FakeNativeDelivery(f.Daemon) { Answer = _ => new NativeSendResult(NativeSendOutcome.Unreachable, null, "connection refused") };
        f.Daemon.Delivery = delivery;
        const string Send = "POST /v1/send|{\"recipient\":\"BOB\",\"text\":\"flood\"}";

        var flood = await NobodyClient.RunAsync(f.Server.SocketPath, Send, Send, Send, Send, Send);
        var roots = await f.Client.SendNativeAsync(new NativeSendRequest("BOB", "still works"), TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal(["200", "200", "200", "429", "429"], flood.Select(a => a[..3]));
        Assert.Contains("too-many-waiting", flood[4], StringComparison.Ordinal);
        Assert.Equal("unreachable", roots.Outcome);
        Assert.Equal(3, f.Daemon.CountWaiting(Nobody));
    }

    [Fact]
    public async Task A_second_users_list_goes_out_as_itself_counts_against_its_own_cap_and_cannot_wait_on_roots_messages()
    {
        Assert.True(ControlServerFixture.OwnUid() == 0, "this test drops to uid 65534 and needs root (CI runs as root)");
        await using var f = await ControlServerFixture.StartAsync(DaemonLimits.Default with { MaxWaitingPerUser = 3 });
        File.SetUnixFileMode(f.StateDirectory, (UnixFileMode)0b111_101_101);
        var delivery = new FakeNativeDelivery(f.Daemon) { Answer = _ => new NativeSendResult(NativeSendOutcome.Unreachable, null, "connection refused") };
        f.Daemon.Delivery = delivery;
        var roots = await f.Client.SendNativeManyAsync(new NativeSendRequest(null, "root's list", Recipients: ["BOB", "CAROL"]), TimeSpan.FromSeconds(30), CancellationToken.None);

        var answers = await NobodyClient.RunAsync(f.Server.SocketPath,
            "POST /v1/send|{\"recipients\":[\"BOB\",\"CAROL\"],\"text\":\"from nobody\",\"fromUser\":\"root\",\"fromUid\":0}",
            "POST /v1/send|{\"recipients\":[\"BOB\",\"CAROL\"],\"text\":\"one too many\"}",
            $"GET /v1/sent/{roots.Results[1].MessageId}?wait=read&timeout=60");
        var rootsThird = await f.Client.SendNativeAsync(new NativeSendRequest("DAVE", "root still may"), TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.StartsWith("200 {\"results\":[", answers[0], StringComparison.Ordinal);
        var fromNobody = delivery.Submitted.Where(m => m.Text == "from nobody").ToList();
        Assert.Equal(2, fromNobody.Count);
        Assert.All(fromNobody, m => Assert.Equal(("nobody", Nobody), (m.FromUser, m.FromUid)));
        Assert.StartsWith("429 ", answers[1], StringComparison.Ordinal);
        Assert.DoesNotContain(delivery.Submitted, m => m.Text == "one too many");
        Assert.StartsWith("404 ", answers[2], StringComparison.Ordinal);
        Assert.False(delivery.WaitStarted.Task.IsCompleted, "a wait on another user's message must not start");
        Assert.Equal("unreachable", rootsThird.Outcome);
    }
}
