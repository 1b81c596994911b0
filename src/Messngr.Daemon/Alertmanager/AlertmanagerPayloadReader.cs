using System.Text.Json;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Alertmanager;

/// <summary>
/// Reads and checks a webhook body (<see cref="AlertmanagerPayload"/>): JSON of version "4" with
/// a status of firing or resolved, a group key and 1 to <see cref="DaemonLimits.AlertmanagerMaxAlerts"/>
/// alerts, each with a status and labels. What is wrong is named with its JSON path, so the
/// sender's log says which field to fix.
/// </summary>
internal static class AlertmanagerPayloadReader
{
    /// <summary>The only payload version this receiver speaks (notify/webhook: <c>version = "4"</c>).</summary>
    public const string SupportedVersion = "4";

    /// <summary>The payload, or null with the HTTP status (400, 413) and what is wrong.</summary>
    public static AlertmanagerPayload? Read(ReadOnlySpan<byte> body, DaemonLimits limits, out int status, out string problem)
    {
        ArgumentNullException.ThrowIfNull(limits);
        status = 400;
        problem = string.Empty;
        if (SyntaxProblem(body) is { } notJson)
        {
            problem = notJson;
            return null;
        }

        AlertmanagerPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize(body, AlertmanagerJsonContext.Default.AlertmanagerPayload);
        }
        catch (JsonException ex)
        {
            // The JSON is well formed (checked above): a field has the wrong type, and Path names it ($.alerts[0].labels).
            problem = ex.Path is { Length: > 1 } path
                ? $"the body is not an Alertmanager webhook payload: {path} has the wrong type"
                : "the body must be a JSON object (an Alertmanager webhook payload)";
            return null;
        }

        if (payload is null)
        {
            problem = "the body must be a JSON object (an Alertmanager webhook payload)";
            return null;
        }

        if (payload.Version != SupportedVersion)
        {
            problem = payload.Version is null
                ? "the payload has no version; this receiver takes Alertmanager webhook payload version \"4\""
                : $"payload version \"{Display.TerminalText.SingleLine(payload.Version, 16)}\" is not supported; this receiver takes version \"4\"";
            return null;
        }

        if (StatusProblem(payload.Status, "$.status") is { } badStatus)
        {
            problem = badStatus;
            return null;
        }

        if (string.IsNullOrEmpty(payload.GroupKey))
        {
            problem = "$.groupKey is missing or empty (it ties a resolved notification to its firing one)";
            return null;
        }

        if (payload.Alerts is not { Count: > 0 } alerts)
        {
            problem = "$.alerts is missing or empty";
            return null;
        }

        if (alerts.Count > limits.AlertmanagerMaxAlerts)
        {
            status = 413;
            problem = $"{alerts.Count} alerts in one notification; at most {limits.AlertmanagerMaxAlerts} (set max_alerts in the webhook_config)";
            return null;
        }

        for (var i = 0; i < alerts.Count; i++)
        {
            if (alerts[i] is not { } alert)
            {
                problem = $"$.alerts[{i}] is null";
                return null;
            }

            if (StatusProblem(alert.Status, $"$.alerts[{i}].status") is { } badAlert)
            {
                problem = badAlert;
                return null;
            }

            if (alert.Labels is null)
            {
                problem = $"$.alerts[{i}].labels is missing";
                return null;
            }
        }

        return payload;
    }

    /// <summary>Null when <paramref name="body"/> is well-formed JSON, else where it is not (so a type error is told apart from a syntax error).</summary>
    private static string? SyntaxProblem(ReadOnlySpan<byte> body)
    {
        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            return "the body is empty; it must be an Alertmanager webhook payload (JSON)";
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
            }

            return null;
        }
        catch (JsonException ex)
        {
            return $"the body is not JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})";
        }
    }

    private static string? StatusProblem(string? status, string path) => status switch
    {
        "firing" or "resolved" => null,
        null => $"{path} is missing (firing or resolved)",
        _ => $"{path} must be firing or resolved, not \"{Display.TerminalText.SingleLine(status, 16)}\"",
    };
}
