using Messngr.Cli.Commands;
using Messngr.Daemon.Core;
using Messngr.Daemon.Quiet;
using Messngr.Daemon.Tests.Control;
using Microsoft.Extensions.Time.Testing;

namespace Messngr.Daemon.Tests.Quiet;

/// <summary>
/// Issue #14, item 3: a display's stream (<c>GET /v1/listen?display=NAME</c>) holds messages that
/// are not critical while its user is quiet and shows them in arrival order when quiet ends;
/// critical ones go out at once; plain listen is never held; a restart while quiet loses nothing.
/// </summary>
public sealed class DisplayHoldingTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-07T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    private static StoredMessage Normal(long seq) => FakeDaemonControl.Message(seq, "alice", "HOSTB", $"message {seq}");

    private static StoredMessage Critical(long seq) =>
        FakeDaemonControl.Message(seq, "alice", "HOSTB", $"critical {seq}") is var m ? m with { Message = m.Message with { Priority = Priority.Critical } } : throw new InvalidOperationException();

    private static async Task<(ControlServerFixture Fixture, FakeTimeProvider Time)> StartAsync()
    {
        var time = new FakeTimeProvider(Now);
        var f = await ControlServerFixture.StartAsync();
        f.Daemon.Quiet = new QuietHours(new QuietSettingsStore(f.StateDirectory), time, TimeZoneInfo.Utc);
        return (f, time);
    }

    [Theory]
    [InlineData("dnd", "until", "12:00")]
    [InlineData("quiet-hours", "09:00-12:00")]
    public async Task A_display_holds_normal_messages_until_quiet_ends_then_shows_them_in_order_and_critical_at_once(string command, params string[] args)
    {
        var (f, time) = await StartAsync();
        await using var fixture = f;
        Assert.Equal(0, command == "dnd"
            ? await DndCommand.RunAsync(f.StateDirArgs(args), f.Context(out _, out _), Timeout())
            : await QuietHoursCommand.RunAsync(f.StateDirArgs(args), f.Context(out _, out _), Timeout()));
        await using var display = await DisplayStreamClient.OpenAsync(f.Server.SocketPath, "/v1/listen?display=web");
        await using var plain = await DisplayStreamClient.OpenAsync(f.Server.SocketPath, "/v1/listen");
        await ControlServerFixture.WaitUntilAsync(() => f.Daemon.Subscribers == 2);

        f.Daemon.Publish(Normal(1));
        f.Daemon.Publish(Normal(2));
        f.Daemon.Publish(Critical(3));

        // Plain listen is not held; the display shows the critical one first, the others wait.
        var plainSeqs = new List<long> { await plain.NextSeqAsync(), await plain.NextSeqAsync(), await plain.NextSeqAsync() };
        Assert.Equal([1L, 2L, 3L], plainSeqs);
        Assert.Equal(3, await display.NextSeqAsync());

        // Quiet ends at 12:00: the held ones come in arrival order, then new ones.
        var next = display.NextSeqAsync();
        while (!next.IsCompleted && time.GetUtcNow() < Now.AddHours(3))
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await Task.WhenAny(next, Task.Delay(20));
        }

        Assert.Equal(1, await next);
        Assert.Equal(2, await display.NextSeqAsync());
        f.Daemon.Publish(Normal(4));
        Assert.Equal(4, await display.NextSeqAsync());
        Assert.Null(f.Daemon.Quiet!.Held.HeldFrom(ControlServerFixture.OwnUid(), "web"));
    }

    [Fact]
    public async Task Dnd_off_releases_the_held_messages_at_once()
    {
        var (f, _) = await StartAsync();
        await using var __ = f;
        Assert.Equal(0, await DndCommand.RunAsync(f.StateDirArgs("on"), f.Context(out _, out _), Timeout()));
        await using var display = await DisplayStreamClient.OpenAsync(f.Server.SocketPath, "/v1/listen?display=agent");
        await ControlServerFixture.WaitUntilAsync(() => f.Daemon.Subscribers == 1);

        f.Daemon.Publish(Normal(1));
        f.Daemon.Publish(Normal(2));
        await ControlServerFixture.WaitUntilAsync(() => f.Daemon.Quiet!.Held.HeldFrom(ControlServerFixture.OwnUid(), "agent") == 1);
        Assert.Equal(0, await DndCommand.RunAsync(f.StateDirArgs("off"), f.Context(out _, out _), Timeout()));

        Assert.Equal(1, await display.NextSeqAsync());
        Assert.Equal(2, await display.NextSeqAsync());
    }

    [Fact]
    public async Task A_restart_while_quiet_keeps_the_held_messages_for_the_display()
    {
        var (f, time) = await StartAsync();
        await using var __ = f;
        var uid = ControlServerFixture.OwnUid();
        Assert.Equal(0, await DndCommand.RunAsync(f.StateDirArgs("on"), f.Context(out _, out _), Timeout()));
        await using (var before = await DisplayStreamClient.OpenAsync(f.Server.SocketPath, "/v1/listen?display=agent"))
        {
            await ControlServerFixture.WaitUntilAsync(() => f.Daemon.Subscribers == 1);
            f.Daemon.Publish(Normal(1));
            f.Daemon.Publish(Normal(2));
            await ControlServerFixture.WaitUntilAsync(() => f.Daemon.Quiet!.Held.HeldFrom(uid, "agent") == 1);
        }

        // The daemon restarts: settings and marks are read again from STATE_DIR/quiet.
        await ControlServerFixture.WaitUntilAsync(() => f.Daemon.Subscribers == 0);
        f.Daemon.Quiet = new QuietHours(new QuietSettingsStore(f.StateDirectory), time, TimeZoneInfo.Utc);
        await using var after = await DisplayStreamClient.OpenAsync(f.Server.SocketPath, "/v1/listen?display=agent");
        await ControlServerFixture.WaitUntilAsync(() => f.Daemon.Subscribers == 1);
        f.Daemon.Publish(Critical(3));
        Assert.Equal(3, await after.NextSeqAsync());

        Assert.Equal(0, await DndCommand.RunAsync(f.StateDirArgs("off"), f.Context(out _, out _), Timeout()));
        Assert.Equal(1, await after.NextSeqAsync());
        Assert.Equal(2, await after.NextSeqAsync());
    }

    [Fact]
    public async Task A_display_name_that_is_not_one_is_refused()
    {
        var (f, _) = await StartAsync();
        await using var __ = f;
        await using var display = await DisplayStreamClient.OpenAsync(f.Server.SocketPath, "/v1/listen?display=../../x");

        Assert.StartsWith("HTTP/1.1 400", display.Status, StringComparison.Ordinal);
        Assert.Contains("display must be a display name", await display.RestAsync(), StringComparison.Ordinal);
    }
}
