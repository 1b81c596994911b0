using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Privileges;

/// <summary>Log events of the privilege drop (ids 900–909).</summary>
internal static partial class PrivilegeLog
{
    [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "ports bound; now running as user {User} (uid {Uid}, gid {Gid}, groups {Groups})")]
    public static partial void Dropped(ILogger logger, string user, uint uid, uint gid, string groups);

    [LoggerMessage(EventId = 901, Level = LogLevel.Warning, Message = "running as root: no 'user' is configured and the account '{Account}' does not exist (create it, or set user = nobody)")]
    public static partial void StayingRoot(ILogger logger, string account);
}
