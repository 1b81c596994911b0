namespace Messngr.Cli.Desktop;

/// <summary>
/// A signal from the notification server (spec, "Signals"): ActionInvoked (id, action_key),
/// NotificationClosed (id, reason) and NotificationReplied (id, text; the "inline-reply"
/// capability, xdg-specs merge request 24, as KDE Plasma implements it). Only signals whose
/// sender is the current owner of org.freedesktop.Notifications reach here.
/// </summary>
internal sealed record NotificationSignal(NotificationSignalKind Kind, uint Id, string? ActionKey = null, NotificationCloseReason Reason = NotificationCloseReason.Undefined, string? ReplyText = null);
