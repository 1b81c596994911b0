using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Native;

/// <summary>Log lines of displayed/read receipts, both sides (issue #13, item 6; event ids 1380–1399; message text is never logged).</summary>
internal static partial class ReceiptLog
{
    [LoggerMessage(EventId = 1380, Level = LogLevel.Debug, Message = "message {MessageId}: {State} recorded; receipt queued for node {NodeId}")]
    public static partial void Queued(ILogger logger, string messageId, string state, string nodeId);

    [LoggerMessage(EventId = 1381, Level = LogLevel.Warning, Message = "the receipt queue is full ({Limit}): dropped the oldest, {State} of message {MessageId} for node {NodeId}")]
    public static partial void Dropped(ILogger logger, int limit, string state, string messageId, string nodeId);

    [LoggerMessage(EventId = 1382, Level = LogLevel.Debug, Message = "receipt {State} of message {MessageId} ACKed by node {NodeId}")]
    public static partial void Acked(ILogger logger, string state, string messageId, string nodeId);

    [LoggerMessage(EventId = 1383, Level = LogLevel.Information, Message = "receipt {State} of message {MessageId} for node {NodeId} at {Target} not delivered (attempt {Attempt}), next try at {Next:O}: {Error}")]
    public static partial void Retrying(ILogger logger, string state, string messageId, string nodeId, string target, int attempt, DateTimeOffset next, string error);

    [LoggerMessage(EventId = 1384, Level = LogLevel.Warning, Message = "receipt {State} of message {MessageId} for node {NodeId} given up after {Attempts} attempts: {Error}")]
    public static partial void GaveUp(ILogger logger, string state, string messageId, string nodeId, int attempts, string error);

    [LoggerMessage(EventId = 1385, Level = LogLevel.Information, Message = "receipt {State} of message {MessageId} from node {NodeId} recorded")]
    public static partial void Accepted(ILogger logger, string state, string messageId, string nodeId);

    [LoggerMessage(EventId = 1386, Level = LogLevel.Warning, Message = "receipt {State} of message {MessageId} from node {NodeId} not recorded: {Why} (ACKed all the same)")]
    public static partial void Ignored(ILogger logger, string state, string messageId, string nodeId, string why);

    [LoggerMessage(EventId = 1388, Level = LogLevel.Debug, Message = "receipt {State} of message {MessageId} from node {NodeId} waits for the message's delivery to be recorded")]
    public static partial void WaitingForDelivery(ILogger logger, string state, string messageId, string nodeId);

    [LoggerMessage(EventId = 1387, Level = LogLevel.Warning, Message = "receipt dispatcher: the message store failed: {Error}")]
    public static partial void StoreFailed(ILogger logger, string error);
}
