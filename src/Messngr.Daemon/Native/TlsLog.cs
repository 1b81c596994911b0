using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Native;

/// <summary>Source-generated log messages of the native transport's TLS layer (event ids 1300–1319; frame contents never logged).</summary>
internal static partial class TlsLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "native connection from {Source} refused: {Reason}")]
    public static partial void PeerRefused(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "native connection from {Source}: handshake failed ({Failure}): {Reason}")]
    public static partial void HandshakeFailed(ILogger logger, string source, TlsChannelFailure failure, string reason);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Debug, Message = "native connection from {Source} refused at accept: {Reason}")]
    public static partial void ConnectionRefused(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Debug, Message = "native connection with {Source} closed ({Failure}): {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, string source, TlsChannelFailure failure, string reason);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Error, Message = "the handler of the native connection from {Source} failed")]
    public static partial void HandlerFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "native connection to {Target} ({EndPoint}) failed ({Failure}): {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string target, string endPoint, TlsChannelFailure failure, string reason);
}
