namespace Messngr.Daemon.Tests.Alertmanager;

/// <summary>
/// Golden webhook payloads written from the documented example of Alertmanager's webhook
/// receiver (prometheus.io docs/alerting/latest/configuration/#webhook_config; version 4 with
/// groupKey and truncatedAlerts): a firing group of two alerts and the same group resolved.
/// </summary>
internal static class AlertmanagerPayloads
{
    public const string GroupKey = "{}/{severity=\"critical\"}:{alertname=\"ProbeFailure\"}";

    public const string Firing = """
        {
          "receiver": "messngr",
          "status": "firing",
          "alerts": [
            {
              "status": "firing",
              "labels": { "alertname": "ProbeFailure", "instance": "https://server.example.org", "job": "http_checks", "severity": "critical" },
              "annotations": { "summary": "BlackBox Probe Failure: https://server.example.org", "description": "Instance https://server.example.org has been down for over 5m." },
              "startsAt": "2023-02-06T13:08:45.828Z",
              "endsAt": "0001-01-01T00:00:00Z",
              "generatorURL": "http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0",
              "fingerprint": "1a30ba71cca2921f"
            },
            {
              "status": "firing",
              "labels": { "alertname": "ProbeFailure", "instance": "https://mail.example.org", "job": "http_checks", "severity": "warning" },
              "annotations": { "summary": "BlackBox Probe Failure: https://mail.example.org" },
              "startsAt": "2023-02-06T13:09:45.828Z",
              "endsAt": "0001-01-01T00:00:00Z",
              "generatorURL": "http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0",
              "fingerprint": "2b41cb82ddb3a32f"
            }
          ],
          "groupLabels": { "alertname": "ProbeFailure" },
          "commonLabels": { "alertname": "ProbeFailure", "job": "http_checks" },
          "commonAnnotations": {},
          "externalURL": "http://alertmanager.example.org:9093",
          "version": "4",
          "groupKey": "{}/{severity=\"critical\"}:{alertname=\"ProbeFailure\"}",
          "truncatedAlerts": 0
        }
        """;

    public static string Resolved => Firing.Replace("\"status\": \"firing\"", "\"status\": \"resolved\"", StringComparison.Ordinal)
        .Replace("\"endsAt\": \"0001-01-01T00:00:00Z\"", "\"endsAt\": \"2023-02-06T13:20:45.828Z\"", StringComparison.Ordinal);

    /// <summary>The firing payload with <paramref name="old"/> replaced by <paramref name="replacement"/> (exactly once).</summary>
    public static string FiringWith(string old, string replacement)
    {
        Assert.Equal(1, Firing.Split(old).Length - 1);
        return Firing.Replace(old, replacement, StringComparison.Ordinal);
    }
}
