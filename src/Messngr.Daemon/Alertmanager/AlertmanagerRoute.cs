namespace Messngr.Daemon.Alertmanager;

/// <summary>
/// One rule of <c>alertmanager route</c>: when every <paramref name="Match"/> label has its value
/// in a notification's common labels, the notification goes to <paramref name="Recipients"/>
/// (each as <c>messngr send</c> takes it). <paramref name="Text"/> is the rule as written.
/// </summary>
internal sealed record AlertmanagerRoute(IReadOnlyList<KeyValuePair<string, string>> Match, IReadOnlyList<string> Recipients, string Text)
{
    /// <summary>Whether every label of the rule has its value among <paramref name="labels"/> (case-sensitive, as Prometheus labels are).</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        foreach (var (name, value) in Match)
        {
            if (labels is null || !labels.TryGetValue(name, out var actual) || actual != value)
            {
                return false;
            }
        }

        return true;
    }
}
