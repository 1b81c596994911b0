using System.Net;
using Messngr.Daemon.Users;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Sinks;

/// <summary>Source-generated log messages of the tty and exec-hook sinks (event ids 300–339). Message text is never logged.</summary>
internal static partial class SinkLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "no terminal to show a message on ({Kind})")]
    public static partial void NoTerminals(ILogger logger, RecipientKind kind);

    [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "tty {Terminal} of {User}: {Outcome}")]
    public static partial void TtyWritten(ILogger logger, string user, string terminal, TtyWriteOutcome outcome);

    [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "cannot open tty {Terminal}: errno {Errno}")]
    public static partial void TtyOpenFailed(ILogger logger, string terminal, int errno);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "write to tty {Terminal} failed: errno {Errno}")]
    public static partial void TtyWriteFailed(ILogger logger, string terminal, int errno);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "tty {Terminal} of {User} took no output in time; skipped")]
    public static partial void TtyStuck(ILogger logger, string user, string terminal);

    [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "refused utmp line {Terminal} of {User}: {Outcome}")]
    public static partial void TtyRefused(ILogger logger, string user, string terminal, TtyWriteOutcome outcome);

    [LoggerMessage(EventId = 310, Level = LogLevel.Debug, Message = "hook {Program} starting for message {MessageId}")]
    public static partial void HookStarting(ILogger logger, string messageId, string program);

    [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "hook for message {MessageId} exited with {ExitCode}")]
    public static partial void HookExited(ILogger logger, string messageId, int exitCode);

    [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "hook for message {MessageId} still ran after {Seconds} s and was killed")]
    public static partial void HookTimedOut(ILogger logger, string messageId, double seconds);

    [LoggerMessage(EventId = 313, Level = LogLevel.Error, Message = "hook {Program} could not be started: {Reason}")]
    public static partial void HookStartFailed(ILogger logger, string program, string reason);

    [LoggerMessage(EventId = 314, Level = LogLevel.Warning, Message = "hook queue full: dropped a message from {Source} ({Dropped} dropped so far)")]
    public static partial void HookDropped(ILogger logger, IPEndPoint source, long dropped);

    [LoggerMessage(EventId = 315, Level = LogLevel.Information, Message = "hook for message {MessageId} {Stream}: {Output} (truncated: {Truncated})")]
    public static partial void HookOutput(ILogger logger, string messageId, string stream, string output, bool truncated);

    [LoggerMessage(EventId = 316, Level = LogLevel.Error, Message = "cannot write the hook's text file in {Directory}: {Reason}")]
    public static partial void HookTextFileFailed(ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 317, Level = LogLevel.Warning, Message = "cannot delete the hook's text file {Path}: {Reason}")]
    public static partial void HookTextFileNotDeleted(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 318, Level = LogLevel.Warning, Message = "cannot kill the hook: {Reason}")]
    public static partial void HookKillFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 319, Level = LogLevel.Warning, Message = "daemon stopping: hook for message {MessageId} not run")]
    public static partial void HookDroppedAtShutdown(ILogger logger, string messageId);

    [LoggerMessage(EventId = 320, Level = LogLevel.Error, Message = "hook run for message {MessageId} failed")]
    public static partial void HookCrashed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(EventId = 340, Level = LogLevel.Warning, Message = "hook launcher: unusable input ({Reason})")]
    public static partial void HookLauncherBadInput(ILogger logger, string reason);

    [LoggerMessage(EventId = 341, Level = LogLevel.Error, Message = "the hook launcher is gone ({Reason}): hooks are not run until the daemon restarts")]
    public static partial void HookLauncherGone(ILogger logger, string reason);
}
