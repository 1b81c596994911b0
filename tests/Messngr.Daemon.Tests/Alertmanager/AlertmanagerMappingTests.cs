using System.Text;
using Messngr.Daemon.Alertmanager;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Alertmanager;

/// <summary>Issue #15, item 2: severity to priority, the message text, the correlation key and routing by labels.</summary>
public sealed class AlertmanagerMappingTests
{
    private static AlertmanagerPayload Payload(string json)
    {
        var payload = AlertmanagerPayloadReader.Read(Encoding.UTF8.GetBytes(json), DaemonLimits.Default, out _, out var problem);
        Assert.True(payload is not null, problem);
        return payload;
    }

    [Theory]
    [InlineData("critical", "critical")]
    [InlineData("page", "critical")]
    [InlineData("Critical", "critical")]
    [InlineData("error", "high")]
    [InlineData("warning", "high")]
    [InlineData("high", "high")]
    [InlineData("info", "low")]
    [InlineData("low", "low")]
    [InlineData("none", "low")]
    [InlineData("disaster", "normal")]
    [InlineData(null, "normal")]
    public void Severity_maps_to_priority_by_the_documented_table(string? severity, string expected) =>
        Assert.Equal(expected, PriorityText.Format(AlertmanagerSeverity.ToPriority(severity)));

    [Fact]
    public void A_firing_group_takes_its_highest_severity_and_a_resolved_one_is_low()
    {
        Assert.Equal(Priority.Critical, AlertmanagerSeverity.ForNotification(Payload(AlertmanagerPayloads.Firing)));
        Assert.Equal(Priority.Low, AlertmanagerSeverity.ForNotification(Payload(AlertmanagerPayloads.Resolved)));
    }

    [Fact]
    public void The_text_lists_each_alert_with_its_summary_description_and_labels()
    {
        var text = AlertmanagerText.Build(Payload(AlertmanagerPayloads.Firing), DaemonLimits.Default);

        Assert.Equal("""
            FIRING: ProbeFailure (2 alerts)
            - ProbeFailure (firing): BlackBox Probe Failure: https://server.example.org
              Instance https://server.example.org has been down for over 5m.
              instance=https://server.example.org job=http_checks severity=critical
            - ProbeFailure (firing): BlackBox Probe Failure: https://mail.example.org
              instance=https://mail.example.org job=http_checks severity=warning
            """.ReplaceLineEndings("\n"), text);
        Assert.StartsWith("RESOLVED: ProbeFailure (2 alerts)\n- ProbeFailure (resolved)", AlertmanagerText.Build(Payload(AlertmanagerPayloads.Resolved), DaemonLimits.Default), StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_text_is_sanitised_to_one_line_and_long_lists_end_in_plus_N_more()
    {
        var payload = Payload(AlertmanagerPayloads.FiringWith("\"summary\": \"BlackBox Probe Failure: https://mail.example.org\"",
            "\"summary\": \"evil\\u001b[2J\\nFAKE: root login\\u202e\"").Replace("\"truncatedAlerts\": 0", "\"truncatedAlerts\": 5", StringComparison.Ordinal));
        var limits = DaemonLimits.Default with { AlertmanagerAlertsShown = 1, AlertmanagerLabelsShown = 2 };

        var firstOnly = AlertmanagerText.Build(payload, limits);
        var all = AlertmanagerText.Build(payload, DaemonLimits.Default);

        Assert.Equal("""
            FIRING: ProbeFailure (7 alerts)
            - ProbeFailure (firing): BlackBox Probe Failure: https://server.example.org
              Instance https://server.example.org has been down for over 5m.
              instance=https://server.example.org job=http_checks +1 more labels
            +6 more alerts
            """.ReplaceLineEndings("\n"), firstOnly);
        Assert.DoesNotContain('\u001b', all);
        Assert.DoesNotContain('\u202e', all);
        Assert.DoesNotContain("\nFAKE", all, StringComparison.Ordinal);
        Assert.EndsWith("+5 more alerts", all, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_group_stays_within_the_text_budget_and_counts_the_alerts_left_out()
    {
        var value = new string('\u00e9', 190); // two bytes of UTF-8 each
        var alert = $$$"""{"status":"firing","labels":{"alertname":"{{{value}}}","a":"{{{value}}}","b":"{{{value}}}","c":"{{{value}}}","d":"{{{value}}}"},"annotations":{"summary":"{{{value}}}","description":"x{{{value}}}"}}""";
        var json = $$$"""{"version":"4","status":"firing","groupKey":"k","alerts":[{{{string.Join(",", Enumerable.Repeat(alert, 10))}}}]}""";

        var text = AlertmanagerText.Build(Payload(json), DaemonLimits.Default);
        var one = AlertmanagerText.Build(Payload(json), DaemonLimits.Default with { AlertmanagerMaxTextBytes = 600 });

        Assert.True(Encoding.UTF8.GetByteCount(text) <= DaemonLimits.Default.AlertmanagerMaxTextBytes, $"{Encoding.UTF8.GetByteCount(text)} bytes");
        Assert.EndsWith("+9 more alerts", text, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(one) <= 600, $"{Encoding.UTF8.GetByteCount(one)} bytes");
        Assert.Contains("…\n+9 more alerts", one, StringComparison.Ordinal);
    }

    [Fact]
    public void The_correlation_key_is_the_same_for_firing_and_resolved_fits_the_native_limit_and_differs_per_group()
    {
        var key = AlertmanagerText.CorrelationKeyFor(AlertmanagerPayloads.GroupKey);

        Assert.Equal(key, AlertmanagerText.CorrelationKeyFor(Payload(AlertmanagerPayloads.Resolved).GroupKey!));
        Assert.Null(CorrelationKey.Problem(key));
        Assert.Null(CorrelationKey.Problem(AlertmanagerText.CorrelationKeyFor(new string('{', 10_000))));
        Assert.Equal("alertmanager:".Length + 32, key.Length);
        Assert.NotEqual(key, AlertmanagerText.CorrelationKeyFor("{}:{alertname=\"Other\"}"));
    }

    [Fact]
    public void The_first_matching_rule_wins_and_no_match_falls_back_to_the_alert_names()
    {
        var routes = AlertmanagerRouteParser.Parse("job=http_checks,severity=critical -> PAGER; job=http_checks -> WEB OPS@10.0.0.9 ; job=http_checks -> NEVER", 64);
        var routing = new AlertmanagerRouting(routes, ["ADMIN"]);

        Assert.Equal(["WEB", "OPS@10.0.0.9"], routing.RecipientsFor(new Dictionary<string, string> { ["job"] = "http_checks", ["severity"] = "warning" }));
        Assert.Equal(["PAGER"], routing.RecipientsFor(new Dictionary<string, string> { ["job"] = "http_checks", ["severity"] = "critical" }));
        Assert.Equal(["ADMIN"], routing.RecipientsFor(new Dictionary<string, string> { ["job"] = "HTTP_CHECKS" }));
        Assert.Equal(["ADMIN"], routing.RecipientsFor(null));
    }

    [Fact]
    public void A_notification_routes_by_its_common_labels_and_without_a_route_or_alert_names_is_refused()
    {
        var routing = new AlertmanagerRouting(AlertmanagerRouteParser.Parse("job=http_checks -> WEB", 64), []);

        var plan = AlertmanagerNotification.Plan(Payload(AlertmanagerPayloads.Firing), routing, DaemonLimits.Default, out _);
        var none = AlertmanagerNotification.Plan(Payload(AlertmanagerPayloads.FiringWith("\"job\": \"http_checks\" }", "\"job\": \"other\" }")), routing, DaemonLimits.Default, out var problem);

        Assert.NotNull(plan);
        Assert.Equal(["WEB"], plan.Recipients.Select(r => r.Text));
        Assert.Equal((Priority.Critical, AlertmanagerText.CorrelationKeyFor(AlertmanagerPayloads.GroupKey)), (plan.Priority, plan.CorrelationKey));
        Assert.Null(none);
        Assert.Contains("'alert names' is empty", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("severity=critical OPS", "has no '->'")]
    [InlineData("severity -> OPS", "is not LABEL=VALUE")]
    [InlineData("9severity=critical -> OPS", "is not LABEL=VALUE")]
    [InlineData("severity= -> OPS", "is not LABEL=VALUE")]
    [InlineData("severity=critical -> ", "names no recipient")]
    [InlineData("severity=critical -> WAY-TOO-LONG-A-NETBIOS-NAME", "is not a recipient")]
    public void A_bad_rule_is_refused_naming_it(string rule, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => AlertmanagerRouteParser.Parse($"job=x -> OPS; {rule}", 64));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void At_most_the_rule_limit()
    {
        Assert.Equal(2, AlertmanagerRouteParser.Parse("a=1 -> X; b=2 -> Y", 2).Count);
        Assert.Contains("at most 2 rules", Assert.Throws<ArgumentException>(() => AlertmanagerRouteParser.Parse("a=1 -> X; b=2 -> Y; c=3 -> Z", 2)).Message, StringComparison.Ordinal);
    }
}
