using System.Text;
using Messngr.Daemon.Alertmanager;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Alertmanager;

/// <summary>Issue #15, item 2: the webhook payload (version 4) is read with every field, and bad input is refused with a status and a reason.</summary>
public sealed class AlertmanagerPayloadReaderTests
{
    private static AlertmanagerPayload? Read(string json, out int status, out string problem, DaemonLimits? limits = null) =>
        AlertmanagerPayloadReader.Read(Encoding.UTF8.GetBytes(json), limits ?? DaemonLimits.Default, out status, out problem);

    [Fact]
    public void The_documented_example_is_read_with_every_field()
    {
        var payload = Read(AlertmanagerPayloads.Firing, out _, out var problem);

        Assert.True(payload is not null, problem);
        Assert.Equal(("4", "firing", "messngr", AlertmanagerPayloads.GroupKey, 0L, "http://alertmanager.example.org:9093"),
            (payload.Version, payload.Status, payload.Receiver, payload.GroupKey, payload.TruncatedAlerts, payload.ExternalUrl));
        Assert.Equal("ProbeFailure", payload.GroupLabels!["alertname"]);
        Assert.Equal("http_checks", payload.CommonLabels!["job"]);
        Assert.Empty(payload.CommonAnnotations!);
        Assert.Equal(2, payload.Alerts!.Count);
        var first = payload.Alerts[0]!;
        Assert.Equal(("firing", "critical", "2023-02-06T13:08:45.828Z", "0001-01-01T00:00:00Z", "1a30ba71cca2921f"),
            (first.Status, first.Labels!["severity"], first.StartsAt, first.EndsAt, first.Fingerprint));
        Assert.StartsWith("http://prometheus.example.org:9090/graph", first.GeneratorUrl, StringComparison.Ordinal);
        Assert.StartsWith("BlackBox Probe Failure", first.Annotations!["summary"], StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_fields_are_allowed_because_Alertmanager_adds_fields()
    {
        var payload = Read(AlertmanagerPayloads.FiringWith("\"truncatedAlerts\": 0", "\"truncatedAlerts\": 0, \"orgId\": 1, \"future\": {\"x\": [1]}"), out _, out var problem);

        Assert.True(payload is not null, problem);
    }

    [Theory]
    [InlineData("\"version\": \"4\"", "\"version\": \"3\"", "payload version \"3\" is not supported")]
    [InlineData("\"version\": \"4\",", "", "no version")]
    [InlineData("\"status\": \"firing\",\n  \"alerts\"", "\"status\": \"pending\",\n  \"alerts\"", "$.status must be firing or resolved")]
    [InlineData("\"groupKey\": \"{}/{severity=\\\"critical\\\"}:{alertname=\\\"ProbeFailure\\\"}\",", "", "$.groupKey is missing")]
    [InlineData("\"labels\": { \"alertname\": \"ProbeFailure\", \"instance\": \"https://server.example.org\", \"job\": \"http_checks\", \"severity\": \"critical\" }", "\"labels\": [\"x\"]", "$.alerts[0].labels has the wrong type")]
    [InlineData("\"truncatedAlerts\": 0", "\"truncatedAlerts\": \"none\"", "$.truncatedAlerts has the wrong type")]
    [InlineData("\"job\": \"http_checks\" }", "\"job\": 7 }", "$.commonLabels.job has the wrong type")]
    public void A_wrong_version_status_or_type_is_400_naming_the_field(string old, string replacement, string expected)
    {
        var payload = Read(AlertmanagerPayloads.FiringWith(old, replacement), out var status, out var problem);

        Assert.Null(payload);
        Assert.Equal(400, status);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"version\":", "not JSON")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("", "the body is empty")]
    [InlineData("{\"version\":\"4\"} trailing", "not JSON")]
    [InlineData("null", "must be a JSON object")]
    [InlineData("{\"version\":\"4\",\"status\":\"firing\",\"groupKey\":\"k\",\"alerts\":[]}", "$.alerts is missing or empty")]
    [InlineData("{\"version\":\"4\",\"status\":\"firing\",\"groupKey\":\"k\",\"alerts\":[null]}", "$.alerts[0] is null")]
    [InlineData("{\"version\":\"4\",\"status\":\"firing\",\"groupKey\":\"k\",\"alerts\":[{\"status\":\"firing\"}]}", "$.alerts[0].labels is missing")]
    public void Malformed_or_incomplete_json_is_400(string json, string expected)
    {
        Assert.Null(Read(json, out var status, out var problem));
        Assert.Equal(400, status);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void More_alerts_than_the_limit_is_413_naming_max_alerts()
    {
        Assert.Null(Read(AlertmanagerPayloads.Firing, out var status, out var problem, DaemonLimits.Default with { AlertmanagerMaxAlerts = 1 }));
        Assert.Equal(413, status);
        Assert.Contains("max_alerts", problem, StringComparison.Ordinal);
    }
}
