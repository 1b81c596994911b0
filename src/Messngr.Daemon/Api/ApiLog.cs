using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Api;

/// <summary>Source-generated log messages of the HTTP API (event ids 1540–1559; secrets and message bodies never logged).</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 1540, Level = LogLevel.Information, Message = "HTTP API listening on {Origin}")]
    public static partial void Listening(ILogger logger, string origin);

    [LoggerMessage(EventId = 1541, Level = LogLevel.Information, Message = "HTTP API on {Origin} stopped")]
    public static partial void Stopped(ILogger logger, string origin);

    [LoggerMessage(EventId = 1542, Level = LogLevel.Debug, Message = "API request {Method} {Path} refused: no valid token")]
    public static partial void Unauthorized(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 1543, Level = LogLevel.Information, Message = "API token {Token} of uid {Uid} may not send to {Recipient}: refused")]
    public static partial void OutOfScope(ILogger logger, string token, uint uid, string recipient);

    [LoggerMessage(EventId = 1544, Level = LogLevel.Information, Message = "API token {Token} of uid {Uid} published to {Count} recipients")]
    public static partial void Published(ILogger logger, string token, uint uid, int count);

    [LoggerMessage(EventId = 1545, Level = LogLevel.Warning, Message = "API request {Method} {Path} refused: {Limit} requests under way already")]
    public static partial void Busy(ILogger logger, string method, string path, int limit);

    [LoggerMessage(EventId = 1546, Level = LogLevel.Error, Message = "API request {Method} {Path} of uid {Uid} failed")]
    public static partial void Failed(ILogger logger, string method, string path, uint uid, Exception exception);
}
