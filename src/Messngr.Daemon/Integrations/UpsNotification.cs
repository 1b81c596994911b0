namespace Messngr.Daemon.Integrations;

/// <summary>
/// NUT upsmon's NOTIFYCMD call (upsmon.conf(5), NOTIFYCMD): "called with the full text of the
/// message as one argument"; NOTIFYTYPE and UPSNAME are in the environment. Each UPS has one
/// correlation key, <c>ups:UPSNAME</c>, so ONLINE replaces the ONBATT before it.
/// </summary>
internal static class UpsNotification
{
    /// <summary>NOTIFYTYPEs (upsmon.conf(5), NOTIFYFLAG) that mean the machine is about to lose power.</summary>
    private static readonly HashSet<string> Critical = new(StringComparer.OrdinalIgnoreCase) { "LOWBATT", "FSD", "SHUTDOWN" };

    /// <summary>NOTIFYTYPEs that need an administrator.</summary>
    private static readonly HashSet<string> High = new(StringComparer.OrdinalIgnoreCase)
    {
        "ONBATT", "COMMBAD", "NOCOMM", "REPLBATT", "NOPARENT", "OVER", "ALARM", "OFF", "BYPASS",
    };

    /// <summary>critical, high, or normal (ONLINE, COMMOK, every other or no type).</summary>
    public static string PriorityOf(string? notifyType) =>
        notifyType is null ? "normal"
        : Critical.Contains(notifyType) ? "critical"
        : High.Contains(notifyType) ? "high"
        : "normal";

    public static IntegrationAlert Alert(string message, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(environment);
        var type = NonEmpty(environment, "NOTIFYTYPE");
        var ups = NonEmpty(environment, "UPSNAME");
        var text = IntegrationAlert.Inert(message).Trim();
        if (text.Length == 0)
        {
            text = $"UPS {IntegrationAlert.Inert(ups ?? "?")}: {IntegrationAlert.Inert(type ?? "event")}";
        }

        return new IntegrationAlert(text, PriorityOf(type), ups is null ? null : IntegrationAlert.Key("ups", ups));
    }

    private static string? NonEmpty(IReadOnlyDictionary<string, string> environment, string key) =>
        environment.TryGetValue(key, out var value) && value.Trim().Length > 0 ? value.Trim() : null;
}
