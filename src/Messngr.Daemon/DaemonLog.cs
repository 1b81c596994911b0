using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon;

/// <summary>Source-generated log messages of the daemon (style.md: fixed event ids; message bodies never logged).</summary>
internal static partial class DaemonLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "messngr serve starting as {NetBiosName} in workgroup {Workgroup}, state in {StateDirectory}")]
    public static partial void Starting(ILogger logger, string netBiosName, string workgroup, string stateDirectory);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "messngr serve stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "{Listener} listening on {EndPoint}")]
    public static partial void ListenerBound(ILogger logger, string listener, string endPoint);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "{Listener} is not running: {Reason}")]
    public static partial void ListenerFailed(ILogger logger, string listener, string reason);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "{Listener} is not running: {Reason}")]
    public static partial void ListenerInUse(ILogger logger, string listener, string reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "{Listener} could not reply to {EndPoint}: {Reason}")]
    public static partial void ReplyFailed(ILogger logger, string listener, string endPoint, string reason);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "{Listener} failed to handle a packet")]
    public static partial void HandlerFailed(ILogger logger, string listener, Exception exception);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "{Listener} hears the broadcasts to {EndPoint}")]
    public static partial void BroadcastBound(ILogger logger, string listener, string endPoint);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "{Listener} cannot hear the broadcasts to {EndPoint}: {Reason}")]
    public static partial void BroadcastBindFailed(ILogger logger, string listener, string endPoint, string reason);

    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "{Listener} dropped a malformed packet from {Source}: {Reason}")]
    public static partial void Malformed(ILogger logger, string listener, System.Net.IPEndPoint source, string reason);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "message from {From} to {To} via {Transport} from {Source} ({Length} characters)")]
    public static partial void MessageAccepted(ILogger logger, string from, string to, string transport, System.Net.IPEndPoint source, int length);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "message queue full: dropped a message from {Source}")]
    public static partial void MessageDropped(ILogger logger, System.Net.IPEndPoint source);

    [LoggerMessage(EventId = 37, Level = LogLevel.Warning, Message = "the {Sink} sink does not keep up: its queue is full, messages are dropped for it (still in history; counted as droppedSink.{Sink})")]
    public static partial void SinkQueueFull(ILogger logger, string sink);

    [LoggerMessage(EventId = 40, Level = LogLevel.Debug, Message = "session from {Source} closed: {Reason}")]
    public static partial void SessionClosed(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 45, Level = LogLevel.Debug, Message = "session from {Source} refused at accept: {Reason}")]
    public static partial void ConnectionRefused(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 46, Level = LogLevel.Warning, Message = "{Listener} could not accept a connection ({Reason}); retrying")]
    public static partial void AcceptFailed(ILogger logger, string listener, string reason);
}
