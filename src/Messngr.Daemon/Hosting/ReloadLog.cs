using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Hosting;

/// <summary>Log messages of the SIGHUP configuration reload (issue #12, item 4).</summary>
internal static partial class ReloadLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "reloading configuration (SIGHUP)")]
    public static partial void Reloading(ILogger logger);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "reloaded configuration: {Count} changes applied")]
    public static partial void Reloaded(ILogger logger, int count);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "{Key} changed: needs a restart")]
    public static partial void NeedsRestart(ILogger logger, string key);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "configuration not reloaded, the running one is kept: {Reason}")]
    public static partial void Invalid(ILogger logger, string reason);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "alias {Name} from the configuration not {Action}: {Reason}")]
    public static partial void AliasNotChanged(ILogger logger, string name, string action, string reason);
}
