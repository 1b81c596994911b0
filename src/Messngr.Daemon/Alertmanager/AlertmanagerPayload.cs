using System.Text.Json.Serialization;

namespace Messngr.Daemon.Alertmanager;

/// <summary>
/// One notification of Alertmanager's webhook receiver, payload version 4 (prometheus.io
/// docs/alerting/latest/configuration/#webhook_config; prometheus/alertmanager notify/webhook
/// Message = template.Data + version, groupKey, truncatedAlerts):
/// <code>
/// { "version": "4", "groupKey": "...", "truncatedAlerts": 0, "status": "firing|resolved",
///   "receiver": "...", "groupLabels": {}, "commonLabels": {}, "commonAnnotations": {},
///   "externalURL": "...", "alerts": [ AlertmanagerAlert, ... ] }
/// </code>
/// Fields Alertmanager may add later are ignored (the convention grows; a receiver must not break).
/// A field of the wrong JSON type is refused by the reader.
/// </summary>
internal sealed record AlertmanagerPayload
{
    public string? Version { get; init; }

    public string? GroupKey { get; init; }

    /// <summary>Alerts Alertmanager left out because of the receiver's <c>max_alerts</c>.</summary>
    public long TruncatedAlerts { get; init; }

    public string? Status { get; init; }

    public string? Receiver { get; init; }

    public Dictionary<string, string>? GroupLabels { get; init; }

    public Dictionary<string, string>? CommonLabels { get; init; }

    public Dictionary<string, string>? CommonAnnotations { get; init; }

    [JsonPropertyName("externalURL")]
    public string? ExternalUrl { get; init; }

    public List<AlertmanagerAlert?>? Alerts { get; init; }
}
