using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Native;

/// <summary>Log lines of the outbox dispatcher (event ids 1390–1399; message text is never logged).</summary>
internal static partial class OutboxLog
{
    [LoggerMessage(EventId = 1390, Level = LogLevel.Information, Message = "native message {MessageId} to {Recipient}: stored by node {NodeId}")]
    public static partial void Delivered(ILogger logger, string messageId, string recipient, string nodeId);

    [LoggerMessage(EventId = 1391, Level = LogLevel.Debug, Message = "native message {MessageId} to {Recipient}: still queued after attempt {Attempts} ({Reason}); next attempt at {Next:O}")]
    public static partial void Retrying(ILogger logger, string messageId, string recipient, int attempts, string reason, DateTimeOffset next);

    [LoggerMessage(EventId = 1392, Level = LogLevel.Warning, Message = "native message {MessageId} to {Recipient}: failed, not retried: {Reason}")]
    public static partial void Failed(ILogger logger, string messageId, string recipient, string reason);

    [LoggerMessage(EventId = 1393, Level = LogLevel.Warning, Message = "native message {MessageId} to {Recipient}: expired ({Reason})")]
    public static partial void Expired(ILogger logger, string messageId, string recipient, string reason);

    [LoggerMessage(EventId = 1394, Level = LogLevel.Error, Message = "native message {MessageId} to {Recipient}: failed, the node is not trusted: {Reason}")]
    public static partial void Untrusted(ILogger logger, string messageId, string recipient, string reason);

    [LoggerMessage(EventId = 1395, Level = LogLevel.Error, Message = "the outbox loop failed and retries in {Delay:0} s: {Reason}")]
    public static partial void LoopFailed(ILogger logger, double delay, string reason);

    [LoggerMessage(EventId = 1396, Level = LogLevel.Error, Message = "outbox: an attempt at {Count} message(s) failed in the store; they are tried again: {Reason}")]
    public static partial void AttemptFailed(ILogger logger, int count, string reason);
}
