namespace Messngr.Daemon.Alertmanager;

/// <summary>
/// Where notifications go (the daemon's configuration): the <c>alertmanager route</c> rules, and
/// the <c>alert names</c> (issue #15, item 3) for a notification no rule matches.
/// </summary>
internal sealed record AlertmanagerRouting(IReadOnlyList<AlertmanagerRoute> Routes, IReadOnlyList<string> AlertNames)
{
    public static AlertmanagerRouting None { get; } = new([], []);

    /// <summary>The recipients of a notification with <paramref name="commonLabels"/>: the first matching rule's, else the alert names (maybe none).</summary>
    public IReadOnlyList<string> RecipientsFor(IReadOnlyDictionary<string, string>? commonLabels) =>
        Routes.FirstOrDefault(r => r.Matches(commonLabels))?.Recipients ?? AlertNames;
}
