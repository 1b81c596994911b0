using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Sinks;

/// <summary>Source-generated log messages of quiet hours and critical reminders at the terminal (event ids 330–339). Message text is never logged.</summary>
internal static partial class TtyQuietLog
{
    [LoggerMessage(EventId = 330, Level = LogLevel.Information, Message = "uid {Uid} is quiet: terminal messages held from seq {Seq}")]
    public static partial void Holding(ILogger logger, uint uid, long seq);

    [LoggerMessage(EventId = 331, Level = LogLevel.Information, Message = "quiet ended for uid {Uid}: writing {Count} held messages to their terminals")]
    public static partial void Releasing(ILogger logger, uint uid, int count);

    [LoggerMessage(EventId = 332, Level = LogLevel.Warning, Message = "{Max} users hold terminal messages already: uid {Uid}'s are written at once")]
    public static partial void TooManyHolding(ILogger logger, uint uid, int max);

    [LoggerMessage(EventId = 333, Level = LogLevel.Warning, Message = "cannot read the held messages of uid {Uid}; trying again later: {Error}")]
    public static partial void StoreFailed(ILogger logger, uint uid, string error);

    [LoggerMessage(EventId = 334, Level = LogLevel.Warning, Message = "too many critical messages to remind of ({Bound}): the reminder of seq {Seq} for uid {Uid} is dropped (the message stays in history)")]
    public static partial void ReminderDropped(ILogger logger, uint uid, long seq, string bound);

    [LoggerMessage(EventId = 335, Level = LogLevel.Warning, Message = "cannot read the store for critical reminders; trying again later: {Error}")]
    public static partial void ReminderStoreFailed(ILogger logger, string error);
}
