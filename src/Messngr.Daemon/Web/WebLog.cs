using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Web;

/// <summary>Source-generated log messages of the web page (event ids 1420–1439; tokens and message bodies never logged).</summary>
internal static partial class WebLog
{
    [LoggerMessage(EventId = 1420, Level = LogLevel.Information, Message = "web page listening on {Origin}")]
    public static partial void Listening(ILogger logger, string origin);

    [LoggerMessage(EventId = 1421, Level = LogLevel.Information, Message = "web page on {Origin} stopped")]
    public static partial void Stopped(ILogger logger, string origin);

    [LoggerMessage(EventId = 1422, Level = LogLevel.Information, Message = "web token for uid {Uid} handed out (new: {Rotated})")]
    public static partial void TokenHandedOut(ILogger logger, uint uid, bool rotated);

    [LoggerMessage(EventId = 1423, Level = LogLevel.Debug, Message = "web request {Method} {Path} refused: Host header '{Host}' is not this listener's address")]
    public static partial void WrongHost(ILogger logger, string method, string path, string host);

    [LoggerMessage(EventId = 1424, Level = LogLevel.Debug, Message = "web request {Method} {Path} refused: no valid token")]
    public static partial void Unauthorized(ILogger logger, string method, string path);
}
