namespace Messngr.Cli.Desktop;

/// <summary>The spec's NotificationClosed "reason" values.</summary>
internal enum NotificationCloseReason : uint
{
    Expired = 1,
    DismissedByUser = 2,
    ClosedByCall = 3,
    Undefined = 4,
}
