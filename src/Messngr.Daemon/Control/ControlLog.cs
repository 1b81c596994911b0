using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Control;

/// <summary>Source-generated log messages of the control API (event ids 200–249; message bodies never logged).</summary>
internal static partial class ControlLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "control API listening on {SocketPath}")]
    public static partial void Listening(ILogger logger, string socketPath);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "control API on {SocketPath} stopped")]
    public static partial void Stopped(ILogger logger, string socketPath);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "replaced a stale control socket {SocketPath} (no daemon answered on it)")]
    public static partial void StaleSocketReplaced(ILogger logger, string socketPath);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error, Message = "control request {Method} {Path} from uid {Uid} failed")]
    public static partial void RequestFailed(ILogger logger, string method, string path, uint uid, Exception exception);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "control request {Method} {Path} from uid {Uid} forbidden: {Reason}")]
    public static partial void Forbidden(ILogger logger, string method, string path, uint uid, string reason);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "control request {Method} {Path} refused: the caller's credentials (SO_PEERCRED) are unavailable")]
    public static partial void NoCredentials(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 206, Level = LogLevel.Information, Message = "uid {Uid} {Change} name {Name}: {Outcome}")]
    public static partial void NameChanged(ILogger logger, uint uid, string change, string name, NameChangeOutcome outcome);

    [LoggerMessage(EventId = 207, Level = LogLevel.Debug, Message = "listen stream for uid {Uid} opened")]
    public static partial void ListenOpened(ILogger logger, uint uid);

    [LoggerMessage(EventId = 208, Level = LogLevel.Debug, Message = "listen stream for uid {Uid} closed after {Count} messages")]
    public static partial void ListenClosed(ILogger logger, uint uid, long count);

    [LoggerMessage(EventId = 209, Level = LogLevel.Information, Message = "uid {Uid} set do not disturb {Dnd}, quiet hours {Hours}")]
    public static partial void QuietChanged(ILogger logger, uint uid, string dnd, string hours);
}
