using Messngr.Daemon.Core;

namespace Messngr.Daemon.Alertmanager;

/// <summary>
/// The <c>severity</c> label (the Prometheus alerting rules' convention) as a message priority:
/// <code>
/// critical, page            → critical
/// error, warning, high      → high
/// info, low, none           → low
/// missing or anything else  → normal
/// </code>
/// Case-insensitive. A group takes the highest priority of its firing alerts; a resolved group
/// is sent at low priority: it closes an alert, it must not page anyone.
/// </summary>
internal static class AlertmanagerSeverity
{
    public static Priority ToPriority(string? severity) => severity?.Trim().ToLowerInvariant() switch
    {
        "critical" or "page" => Priority.Critical,
        "error" or "warning" or "high" => Priority.High,
        "info" or "low" or "none" => Priority.Low,
        _ => Priority.Normal,
    };

    /// <summary>The priority of a whole notification (see the class summary).</summary>
    public static Priority ForNotification(AlertmanagerPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Status == "resolved")
        {
            return Priority.Low;
        }

        Priority? highest = null;
        foreach (var alert in payload.Alerts ?? [])
        {
            if (alert is { Status: "firing" })
            {
                var p = ToPriority(alert.Labels?.GetValueOrDefault("severity"));
                highest = highest is null || p > highest ? p : highest;
            }
        }

        return highest ?? ToPriority(payload.CommonLabels?.GetValueOrDefault("severity"));
    }
}
