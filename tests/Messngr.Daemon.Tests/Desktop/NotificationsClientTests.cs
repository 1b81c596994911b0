using System.Threading.Channels;
using Messngr.Cli.Desktop;
using Tmds.DBus.Protocol;

namespace Messngr.Daemon.Tests.Desktop;

/// <summary>
/// <see cref="NotificationsClient"/> against a real dbus-daemon and a recording notification
/// server on it (issue #14, item 1): the exact Notify arguments, replace, close, signals only from
/// the name's owner, and no service.
/// </summary>
public sealed class NotificationsClientTests
{
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Notify_ArrivesWithExactArguments()
    {
        using var bus = await PrivateSessionBus.StartAsync();
        using var server = await RecordingNotificationServer.StartAsync(bus.Address, "actions", "body", "body-markup");
        using var client = await NotificationsClient.ConnectAsync(bus.Address, _ => { });
        Assert.True(client.HasBodyMarkup);
        Assert.True(client.HasActions);
        Assert.False(client.HasInlineReply);

        var id = await client.NotifyAsync(new NotificationRequest("alice (unverified)", "a &lt; b", NotificationUrgency.Critical, [("default", "Mark read"), ("mark-read", "Mark read")], NotificationRequest.NeverExpires));

        var call = await Next(server.Notified);
        Assert.Equal(call.AnsweredId, id);
        Assert.Equal("messngr", call.AppName);
        Assert.Equal(0u, call.ReplacesId);
        Assert.Equal("mail-message-new", call.AppIcon);
        Assert.Equal("alice (unverified)", call.Summary);
        Assert.Equal("a &lt; b", call.Body);
        Assert.Equal(["default", "Mark read", "mark-read", "Mark read"], call.Actions);
        Assert.Equal(2, call.Hints["urgency"].GetByte());
        Assert.Equal("im.received", call.Hints["category"].GetString());
        Assert.Equal("messngr-agent", call.Hints["desktop-entry"].GetString());
        Assert.Equal(0, call.ExpireTimeout);
    }

    [Fact]
    public async Task Notify_WithReplacesId_ReplacesAndClose_ClosesWithSignal()
    {
        using var bus = await PrivateSessionBus.StartAsync();
        using var server = await RecordingNotificationServer.StartAsync(bus.Address, "actions", "body");
        var signals = Channel.CreateUnbounded<NotificationSignal>();
        using var client = await NotificationsClient.ConnectAsync(bus.Address, s => signals.Writer.TryWrite(s));

        var first = await client.NotifyAsync(new NotificationRequest("bob", "v1", NotificationUrgency.Normal, [], NotificationRequest.ServerDefaultTimeout));
        var second = await client.NotifyAsync(new NotificationRequest("bob", "v2", NotificationUrgency.Normal, [], NotificationRequest.ServerDefaultTimeout, ReplacesId: first));
        Assert.Equal(first, second);
        _ = await Next(server.Notified);
        Assert.Equal(first, (await Next(server.Notified)).ReplacesId);

        await client.CloseAsync(first);
        Assert.Equal(first, await Next(server.Closed));
        var closed = await Next(signals);
        Assert.Equal(NotificationSignalKind.Closed, closed.Kind);
        Assert.Equal(first, closed.Id);
        Assert.Equal(NotificationCloseReason.ClosedByCall, closed.Reason);
    }

    [Fact]
    public async Task ActionInvoked_IsBelievedOnlyFromTheNameOwner()
    {
        using var bus = await PrivateSessionBus.StartAsync();
        using var server = await RecordingNotificationServer.StartAsync(bus.Address, "actions");
        var signals = Channel.CreateUnbounded<NotificationSignal>();
        using var client = await NotificationsClient.ConnectAsync(bus.Address, s => signals.Writer.TryWrite(s));
        var id = await client.NotifyAsync(new NotificationRequest("carol", "hi", NotificationUrgency.Normal, [("mark-read", "Mark read")], -1));

        // another client on the same bus fakes the server's signal first: it must not arrive
        using var hostile = new DBusConnection(bus.Address);
        await hostile.ConnectAsync();
        RecordingNotificationServer.EmitActionInvoked(hostile, id, "hostile");
        server.InvokeAction(id, "mark-read");

        var signal = await Next(signals);
        Assert.Equal(NotificationSignalKind.ActionInvoked, signal.Kind);
        Assert.Equal(id, signal.Id);
        Assert.Equal("mark-read", signal.ActionKey);
    }

    [Fact]
    public async Task NotificationReplied_ArrivesWithTheTypedText()
    {
        using var bus = await PrivateSessionBus.StartAsync();
        using var server = await RecordingNotificationServer.StartAsync(bus.Address, "actions", "inline-reply");
        var signals = Channel.CreateUnbounded<NotificationSignal>();
        using var client = await NotificationsClient.ConnectAsync(bus.Address, s => signals.Writer.TryWrite(s));
        Assert.True(client.HasInlineReply);
        var id = await client.NotifyAsync(new NotificationRequest("dave", "lunch?", NotificationUrgency.Normal, [("inline-reply", "Reply")], -1));

        server.Reply(id, "yes, at 12");

        var signal = await Next(signals);
        Assert.Equal(NotificationSignalKind.Replied, signal.Kind);
        Assert.Equal(id, signal.Id);
        Assert.Equal("yes, at 12", signal.ReplyText);
    }

    [Fact]
    public async Task NoOwnerOfTheName_IsUnavailable()
    {
        using var bus = await PrivateSessionBus.StartAsync();
        var e = await Assert.ThrowsAsync<NotificationsUnavailableException>(() => NotificationsClient.ConnectAsync(bus.Address, _ => { }));
        Assert.Contains("nobody owns org.freedesktop.Notifications", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoBus_IsUnavailable()
    {
        await Assert.ThrowsAsync<NotificationsUnavailableException>(() => NotificationsClient.ConnectAsync(null, _ => { }));
        var missing = Path.Combine(Path.GetTempPath(), "messngr-no-bus-" + Guid.NewGuid().ToString("N"));
        await Assert.ThrowsAsync<NotificationsUnavailableException>(() => NotificationsClient.ConnectAsync("unix:path=" + missing, _ => { }));
    }

    private static async Task<T> Next<T>(Channel<T> channel)
    {
        using var timeout = new CancellationTokenSource(SafetyNet);
        return await channel.Reader.ReadAsync(timeout.Token);
    }
}
