using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Store;

/// <summary>Log of the message store (events 500–519). Message bodies are never logged.</summary>
internal static partial class StoreLog
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "state directory {Path} was readable by other users; took group and other read/write permission away")]
    public static partial void DirectoryTightened(ILogger logger, string path);

    [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "retention: deleted {Count} old messages (max messages {MaxMessages}, max age {MaxAgeDays} days)")]
    public static partial void Pruned(ILogger logger, long count, int maxMessages, double maxAgeDays);

    [LoggerMessage(EventId = 503, Level = LogLevel.Error, Message = "message store failing: {Reason}; messages are refused until a commit succeeds again")]
    public static partial void Failing(ILogger logger, string reason);

    [LoggerMessage(EventId = 504, Level = LogLevel.Information, Message = "message store committing again after failing since {Since}")]
    public static partial void Recovered(ILogger logger, DateTimeOffset since);

    [LoggerMessage(EventId = 502, Level = LogLevel.Warning, Message = "retention: could not delete old messages: {Reason}; trying again later")]
    public static partial void RetentionFailed(ILogger logger, string reason);
}
