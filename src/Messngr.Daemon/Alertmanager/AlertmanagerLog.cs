using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Alertmanager;

/// <summary>Log lines of the Alertmanager receiver (issue #15, item 2): what came and where it went, never the alert text.</summary>
internal static partial class AlertmanagerLog
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "alertmanager {Status} notification (key {Key}, {Alerts} alerts) from uid {Uid} sent to {Recipients} recipients, {Reached} reached")]
    public static partial void Sent(ILogger logger, string status, string key, int alerts, uint uid, int recipients, int reached);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "alertmanager notification from uid {Uid} refused ({HttpStatus}): {Reason}")]
    public static partial void Refused(ILogger logger, uint uid, int httpStatus, string reason);
}
