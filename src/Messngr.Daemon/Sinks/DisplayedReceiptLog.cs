using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Sinks;

/// <summary>Source-generated log messages of the displayed/read receipts a receiver reports (event ids 1390–1399). Message text is never logged.</summary>
internal static partial class DisplayedReceiptLog
{
    [LoggerMessage(EventId = 1390, Level = LogLevel.Warning, Message = "displayed receipts are not keeping up (the reporter is slow or stuck); the one for message {MessageId} and others are dropped until it catches up")]
    public static partial void QueueFull(ILogger logger, string messageId);

    [LoggerMessage(EventId = 1391, Level = LogLevel.Warning, Message = "could not record the {State} receipt of message {MessageId}; the message was shown all the same")]
    public static partial void ReportFailed(ILogger logger, string state, string messageId, Exception exception);

    [LoggerMessage(EventId = 1392, Level = LogLevel.Information, Message = "uid {Uid} opened message {MessageId} (seq {Seq}); read receipt {Outcome}")]
    public static partial void Opened(ILogger logger, uint uid, string messageId, long seq, string outcome);

    [LoggerMessage(EventId = 1393, Level = LogLevel.Information, Message = "uid {Uid}'s display showed message {MessageId} (seq {Seq}); displayed receipt {Outcome}")]
    public static partial void Shown(ILogger logger, uint uid, string messageId, long seq, string outcome);
}
