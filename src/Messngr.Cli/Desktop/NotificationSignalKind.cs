namespace Messngr.Cli.Desktop;

/// <summary>Which notification server signal a <see cref="NotificationSignal"/> is.</summary>
internal enum NotificationSignalKind
{
    ActionInvoked,
    Closed,
    Replied,
}
