namespace Messngr.Cli.Desktop;

/// <summary>No notification service: no session bus, or nobody owns org.freedesktop.Notifications on it.</summary>
internal sealed class NotificationsUnavailableException : Exception
{
    public NotificationsUnavailableException()
    {
    }

    public NotificationsUnavailableException(string message)
        : base(message)
    {
    }

    public NotificationsUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
