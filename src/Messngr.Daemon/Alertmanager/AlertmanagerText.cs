using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Alertmanager;

/// <summary>
/// The message of one notification: a headline (<c>FIRING: NAME</c> or <c>RESOLVED: NAME</c>, with
/// the number of alerts), then per alert its name, status, summary and description annotations and
/// its other labels. Everything Alertmanager sent is untrusted text: each piece is sanitised to one
/// line (<see cref="Display.TerminalText"/>) and cut; lists are bounded with "+N more".
/// </summary>
internal static class AlertmanagerText
{
    /// <summary>The prefix of every correlation key this receiver makes.</summary>
    public const string KeyPrefix = "alertmanager:";

    public static string Build(AlertmanagerPayload payload, DaemonLimits limits)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(limits);
        var alerts = payload.Alerts?.OfType<AlertmanagerAlert>().ToList() ?? [];
        var name = payload.CommonLabels?.GetValueOrDefault("alertname") ?? payload.GroupLabels?.GetValueOrDefault("alertname") ?? "alerts";
        var total = alerts.Count + Math.Max(0, payload.TruncatedAlerts);
        var sb = new StringBuilder();
        sb.Append(payload.Status == "resolved" ? "RESOLVED: " : "FIRING: ").Append(Clean(name, limits));
        if (total > 1)
        {
            sb.Append(CultureInfo.InvariantCulture, $" ({total} alerts)");
        }

        // Room for the headline and the "+N more alerts" line; an alert is listed whole or not at all,
        // except the first, which is cut to the room left so that a message never lists none.
        var budget = limits.AlertmanagerMaxTextBytes - Encoding.UTF8.GetByteCount(sb.ToString()) - MoreLineBytes;
        var listed = 0;
        foreach (var alert in alerts.Take(limits.AlertmanagerAlertsShown))
        {
            var chunk = new StringBuilder();
            AppendAlert(chunk, alert, limits);
            var text = chunk.ToString();
            var bytes = Encoding.UTF8.GetByteCount(text);
            if (bytes > budget)
            {
                if (listed == 0)
                {
                    sb.Append(CutToBytes(text, budget));
                    listed++;
                }

                break;
            }

            sb.Append(text);
            budget -= bytes;
            listed++;
        }

        // Those not listed here and those Alertmanager left out (truncatedAlerts, max_alerts).
        var more = total - listed;
        if (more > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n+{more} more alerts");
        }

        return sb.ToString();
    }

    private static void AppendAlert(StringBuilder sb, AlertmanagerAlert alert, DaemonLimits limits)
    {
        var labels = alert.Labels ?? [];
        var annotations = alert.Annotations ?? [];
        sb.Append("\n- ").Append(Clean(labels.GetValueOrDefault("alertname") ?? "alert", limits)).Append(" (").Append(alert.Status).Append(')');
        var summary = annotations.GetValueOrDefault("summary");
        var description = annotations.GetValueOrDefault("description");
        if (!string.IsNullOrWhiteSpace(summary))
        {
            sb.Append(": ").Append(Clean(summary, limits));
        }

        if (!string.IsNullOrWhiteSpace(description) && description != summary)
        {
            sb.Append("\n  ").Append(Clean(description, limits));
        }

        var shown = labels.Where(l => l.Key != "alertname").OrderBy(l => l.Key, StringComparer.Ordinal).ToList();
        if (shown.Count > 0)
        {
            sb.Append("\n  ").AppendJoin(' ', shown.Take(limits.AlertmanagerLabelsShown).Select(l => $"{Clean(l.Key, limits)}={Clean(l.Value, limits)}"));
            if (shown.Count > limits.AlertmanagerLabelsShown)
            {
                sb.Append(CultureInfo.InvariantCulture, $" +{shown.Count - limits.AlertmanagerLabelsShown} more labels");
            }
        }
    }

    /// <summary>The most "\n+N more alerts" takes (N below 10^19).</summary>
    private const int MoreLineBytes = 40;

    /// <summary><paramref name="text"/> cut to at most <paramref name="maxBytes"/> of UTF-8 on a character boundary, ending in "…" when cut.</summary>
    private static string CutToBytes(string text, int maxBytes)
    {
        const string ellipsis = "…";
        var room = Math.Max(0, maxBytes - Encoding.UTF8.GetByteCount(ellipsis));
        var length = 0;
        var bytes = 0;
        while (length < text.Length)
        {
            var step = char.IsSurrogatePair(text, length) ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(text.AsSpan(length, step));
            if (bytes + size > room)
            {
                break;
            }

            bytes += size;
            length += step;
        }

        return text[..length] + ellipsis;
    }

    /// <summary>One line, no control or format characters, at most <see cref="DaemonLimits.AlertmanagerValueCharacters"/>.</summary>
    private static string Clean(string? value, DaemonLimits limits) =>
        Display.TerminalText.SingleLine(value ?? string.Empty, limits.AlertmanagerValueCharacters);

    /// <summary>
    /// The correlation key of a group: "alertmanager:" and the SHA-256 of the group key in hex, cut
    /// to 32 digits — visible ASCII and far below <see cref="CorrelationKey.MaxLength"/> (the native
    /// limit, docs/native-protocol.md) however long the group key is, and the same for the
    /// firing and the resolved notification of one group, so the later replaces the earlier.
    /// </summary>
    public static string CorrelationKeyFor(string groupKey)
    {
        ArgumentNullException.ThrowIfNull(groupKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(groupKey));
        return KeyPrefix + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
