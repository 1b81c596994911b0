using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Native;

/// <summary>Log lines of native sessions and sends (event ids 1340–1359; message text is never logged).</summary>
internal static partial class NativeSessionLog
{
    [LoggerMessage(EventId = 1340, Level = LogLevel.Debug, Message = "native message {MessageId} from {User} at node {NodeId} for {Recipient}: stored{Again}")]
    public static partial void Stored(ILogger logger, string messageId, string user, string nodeId, string recipient, string again);

    [LoggerMessage(EventId = 1341, Level = LogLevel.Information, Message = "native message {MessageId} from node {NodeId} refused ({Reason}): {Detail}")]
    public static partial void Refused(ILogger logger, string messageId, string nodeId, string reason, string detail);

    [LoggerMessage(EventId = 1342, Level = LogLevel.Warning, Message = "native session with node {NodeId} ({EndPoint}) closed with ERROR {Code}: {Reason}")]
    public static partial void ProtocolError(ILogger logger, string nodeId, string endPoint, string code, string reason);

    [LoggerMessage(EventId = 1343, Level = LogLevel.Debug, Message = "native session with node {NodeId} ({EndPoint}) open")]
    public static partial void Opened(ILogger logger, string nodeId, string endPoint);

    [LoggerMessage(EventId = 1344, Level = LogLevel.Information, Message = "native send {MessageId} to {Recipient} at {Target}: {Outcome}")]
    public static partial void Sent(ILogger logger, string messageId, string recipient, string target, string outcome);
}
