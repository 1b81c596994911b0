namespace Messngr.Daemon.Integrations;

/// <summary>
/// The SUBJECT of a Zabbix or Nagios notification, read for its kind (issue #15, item 4):
/// Zabbix's default subjects are "Problem: NAME" and "Resolved: NAME" (also "Resolved in 5m:
/// NAME", "Updated problem: NAME"); Nagios's "** PROBLEM Service Alert: HOST/SVC is CRITICAL **"
/// and "** RECOVERY Host Alert: HOST is UP **". A problem is high (critical when the subject says
/// CRITICAL, DISASTER or DOWN), everything else normal; problem and recovery of one thing share
/// the correlation key <c>mon:WHAT</c> (the subject without its kind and its final state).
/// </summary>
internal static class MonitoringSubject
{
    private static readonly string[] ProblemWords = ["PROBLEM", "Updated problem"];
    private static readonly string[] OtherWords = ["RECOVERY", "Resolved", "OK", "ACKNOWLEDGEMENT", "FLAPPINGSTART", "FLAPPINGSTOP", "DOWNTIMESTART", "DOWNTIMEEND", "CUSTOM"];
    private static readonly string[] States = ["OK", "WARNING", "CRITICAL", "UNKNOWN", "UP", "DOWN", "UNREACHABLE"];
    private static readonly string[] CriticalWords = ["CRITICAL", "DISASTER", "DOWN"];

    /// <summary>The priority and, for a problem or a recovery, the correlation key.</summary>
    public static (string Priority, string? Key) Read(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var s = subject.Trim().Trim('*').Trim();
        var problem = StartsWithAny(s, ProblemWords, out var kind);
        if (!problem && !StartsWithAny(s, OtherWords, out kind))
        {
            return ("normal", null);
        }

        var what = s[kind.Length..];
        var colon = what.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && (what.TrimStart().StartsWith(':') || what.StartsWith(" in ", StringComparison.OrdinalIgnoreCase)))
        {
            what = what[(colon + 1)..]; // Zabbix "Problem: NAME", "Resolved in 5m: NAME"
        }

        what = WithoutFinalState(what.Trim());
        var priority = !problem ? "normal"
            : CriticalWords.Any(w => ContainsWord(s, w)) ? "critical"
            : "high";
        return (priority, what.Length == 0 ? null : IntegrationAlert.Key("mon", what));
    }

    /// <summary>"HOST/SVC is CRITICAL" → "HOST/SVC" (Nagios puts the state last).</summary>
    private static string WithoutFinalState(string what)
    {
        var at = what.LastIndexOf(" is ", StringComparison.Ordinal);
        return at > 0 && States.Contains(what[(at + 4)..].Trim(), StringComparer.Ordinal) ? what[..at].Trim() : what;
    }

    private static bool StartsWithAny(string s, string[] words, out string word)
    {
        foreach (var w in words)
        {
            if (s.StartsWith(w, StringComparison.OrdinalIgnoreCase) && (s.Length == w.Length || !char.IsLetterOrDigit(s[w.Length])))
            {
                word = s[..w.Length];
                return true;
            }
        }

        word = string.Empty;
        return false;
    }

    private static bool ContainsWord(string s, string word)
    {
        for (var at = s.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = s.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var before = at == 0 || !char.IsLetterOrDigit(s[at - 1]);
            var after = at + word.Length == s.Length || !char.IsLetterOrDigit(s[at + word.Length]);
            if (before && after)
            {
                return true;
            }
        }

        return false;
    }
}
