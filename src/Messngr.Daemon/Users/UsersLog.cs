using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Users;

/// <summary>Source-generated log messages of logged-on-user discovery and recipient resolution (event ids 340–349).</summary>
internal static partial class UsersLog
{
    [LoggerMessage(EventId = 340, Level = LogLevel.Warning, Message = "cannot read utmp {Path}: {Reason}")]
    public static partial void UtmpUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 341, Level = LogLevel.Debug, Message = "utmp lists {User} on {Line}, but no such account exists; skipped")]
    public static partial void UnknownUtmpUser(ILogger logger, string user, string line);

    [LoggerMessage(EventId = 342, Level = LogLevel.Debug, Message = "message to {To} resolved as {Kind}: {Sessions} session(s)")]
    public static partial void Resolved(ILogger logger, string to, RecipientKind kind, int sessions);
}
