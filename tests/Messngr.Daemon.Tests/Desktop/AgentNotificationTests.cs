using Messngr.Cli.Desktop;
using Messngr.Daemon.Control.Api;

namespace Messngr.Daemon.Tests.Desktop;

/// <summary>A message as <c>messngr agent</c> will show it (issue #14, item 1).</summary>
public sealed class AgentNotificationTests
{
    [Fact]
    public void ClassicMessage_IsMarkedUnverified_NormalUrgency_ServerTimeout_MarkReadDefault()
    {
        var n = AgentNotification.From(Message("alice", "<i>hi</i>", "normal", node: null), bodyMarkup: true, inlineReply: false);
        Assert.Equal("alice (unverified)", n.Summary);
        Assert.Equal("&lt;i&gt;hi&lt;/i&gt;", n.Body);
        Assert.Equal(NotificationUrgency.Normal, n.Urgency);
        Assert.Equal(NotificationRequest.ServerDefaultTimeout, n.ExpireTimeout);
        Assert.Equal([("default", "Mark read"), ("mark-read", "Mark read")], n.Actions);
    }

    [Fact]
    public void NativeMessage_IsMarkedVerifiedWithTheShortNode()
    {
        var n = AgentNotification.From(Message("bob", "x", "normal", node: "0123456789abcdef0123"), bodyMarkup: false, inlineReply: false);
        Assert.Equal("bob (verified, node 0123456789ab)", n.Summary);
    }

    [Theory]
    [InlineData("low", 0, -1)]
    [InlineData("normal", 1, -1)]
    [InlineData("high", 2, -1)]
    [InlineData("critical", 2, 0)]
    public void Priority_GivesUrgency_AndCriticalNeverExpires(string priority, byte urgency, int expire)
    {
        var n = AgentNotification.From(Message("c", "x", priority, node: null), bodyMarkup: false, inlineReply: false);
        Assert.Equal(urgency, (byte)n.Urgency);
        Assert.Equal(expire, n.ExpireTimeout);
    }

    [Fact]
    public void InlineReply_IsOfferedOnlyWithTheCapability()
    {
        Assert.Contains(("inline-reply", "Reply"), AgentNotification.From(Message("d", "x", "normal", null), false, inlineReply: true).Actions);
        Assert.DoesNotContain(("inline-reply", "Reply"), AgentNotification.From(Message("d", "x", "normal", null), false, inlineReply: false).Actions);
    }

    [Fact]
    public void SealedMessage_ShowsItsEnvelope_WithoutMarkRead()
    {
        var n = AgentNotification.From(Message("e", null, "normal", null), bodyMarkup: false, inlineReply: false);
        Assert.Equal("sealed message: open it with 'messngr read 0190-id'", n.Body);
        Assert.Empty(n.Actions);
    }

    [Fact]
    public void HostileSenderName_IsInert()
    {
        var n = AgentNotification.From(Message("ev\u202Eil\u001B[2J<b>", "x", "normal", null), bodyMarkup: true, inlineReply: false);
        Assert.Equal("evil<b> (unverified)", n.Summary);
    }

    private static MessageDto Message(string from, string? text, string priority, string? node) =>
        new("0190-id", from, "ME", text, node is null ? "smb" : "native", false, "10.0.0.2", 139, DateTimeOffset.UnixEpoch, 7, priority, node is not null, node, node is null ? null : "bob", null, null, null, null, text is null, null, null);
}
