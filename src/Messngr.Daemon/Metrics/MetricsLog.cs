using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Metrics;

/// <summary>Source-generated log messages of the metrics listener (event ids 1560–1569).</summary>
internal static partial class MetricsLog
{
    [LoggerMessage(EventId = 1560, Level = LogLevel.Information, Message = "metrics and health listening on {Origin} (/metrics, /healthz)")]
    public static partial void Listening(ILogger logger, string origin);

    [LoggerMessage(EventId = 1561, Level = LogLevel.Information, Message = "metrics listener on {Origin} stopped")]
    public static partial void Stopped(ILogger logger, string origin);
}
