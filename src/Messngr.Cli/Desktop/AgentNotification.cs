using Messngr.Cli.Control;
using Messngr.Daemon.Control.Api;

namespace Messngr.Cli.Desktop;

/// <summary>
/// How <c>messngr agent</c> shows one message as a desktop notification (issue #14, item 1):
/// summary = the sender, marked "(unverified)" for a classic message (its sender is a claim,
/// architecture.md) or "(verified, node SHORTID)" for a native one; body = the text made inert
/// (<see cref="NotificationText"/>), or the envelope line of a sealed message; urgency from the
/// priority (low 0, normal 1, high and critical 2 — the spec has three levels); a critical
/// message never expires (expire_timeout 0), the others take the server's default. Actions:
/// "mark-read", which is also the default action (a click on the bubble: the user has seen it,
/// as opening a WinPopup message does); "inline-reply" only when the server has the
/// "inline-reply" capability. A sealed message offers no mark-read: only 'messngr read' opens it.
/// </summary>
internal static class AgentNotification
{
    public const string MarkReadAction = "mark-read";
    public const string DefaultAction = "default";
    public const string InlineReplyAction = "inline-reply";

    /// <summary>Characters of a sender node id shown in the summary.</summary>
    public const int ShortNodeLength = 12;

    public static NotificationRequest From(MessageDto message, bool bodyMarkup, bool inlineReply, uint replacesId = 0)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mark = message.SenderNode is { } node
            ? $"(verified, node {(node.Length > ShortNodeLength ? node[..ShortNodeLength] : node)})"
            : "(unverified)";
        var summary = NotificationText.Summary($"{message.From} {mark}");
        var body = message.Text is { } text
            ? NotificationText.Body(text, bodyMarkup)
            : NotificationText.Body(ClientText.SealedLine(message.Id), bodyMarkup);
        var actions = new List<(string Key, string Label)>();
        if (message.Text is not null)
        {
            actions.Add((DefaultAction, "Mark read"));
            actions.Add((MarkReadAction, "Mark read"));
        }

        if (inlineReply)
        {
            actions.Add((InlineReplyAction, "Reply"));
        }

        var urgency = message.Priority switch
        {
            "low" => NotificationUrgency.Low,
            "high" or "critical" => NotificationUrgency.Critical,
            _ => NotificationUrgency.Normal,
        };
        var expire = message.Priority == "critical" ? NotificationRequest.NeverExpires : NotificationRequest.ServerDefaultTimeout;
        return new NotificationRequest(summary, body, urgency, actions, expire, replacesId);
    }
}
