using System.Text.RegularExpressions;
using Messngr.Daemon.Sending;

namespace Messngr.Daemon.Alertmanager;

/// <summary>
/// <c>alertmanager route = LABEL=VALUE[,LABEL=VALUE] -> RECIPIENT[ RECIPIENT…][; …]</c> (issue #15,
/// item 2): rules separated by <c>;</c>, tried in order, the first whose labels all match wins.
/// LABEL is a Prometheus label name (<c>[a-zA-Z_][a-zA-Z0-9_]*</c>, prometheus.io data model);
/// VALUE is taken as written (no spaces, commas or semicolons); recipients are separated by spaces
/// or commas and each is parsed as <c>messngr send</c> parses it. Errors name the rule and what is wrong.
/// </summary>
internal static partial class AlertmanagerRouteParser
{
    public const string Arrow = "->";

    public static IReadOnlyList<AlertmanagerRoute> Parse(string value, int maxRules)
    {
        ArgumentNullException.ThrowIfNull(value);
        var routes = new List<AlertmanagerRoute>();
        if (value.Trim() is "" or "none")
        {
            return routes;
        }

        foreach (var rule in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (routes.Count == maxRules)
            {
                throw new ArgumentException($"at most {maxRules} rules");
            }

            routes.Add(ParseRule(rule));
        }

        return routes;
    }

    private static AlertmanagerRoute ParseRule(string rule)
    {
        var shown = Display.TerminalText.SingleLine(rule, 120);
        var arrow = rule.IndexOf(Arrow, StringComparison.Ordinal);
        if (arrow < 0)
        {
            throw new ArgumentException($"rule '{shown}' has no '{Arrow}' (LABEL=VALUE[,LABEL=VALUE] -> RECIPIENT ...)");
        }

        var match = new List<KeyValuePair<string, string>>();
        foreach (var pair in rule[..arrow].Split(',', StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? pair : pair[..eq].Trim();
            var labelValue = eq < 0 ? string.Empty : pair[(eq + 1)..].Trim();
            if (eq < 0 || !LabelName().IsMatch(name) || labelValue.Length == 0 || labelValue.Any(char.IsWhiteSpace))
            {
                throw new ArgumentException($"rule '{shown}': '{Display.TerminalText.SingleLine(pair, 60)}' is not LABEL=VALUE (a Prometheus label name, '=', a value without spaces)");
            }

            match.Add(new(name, labelValue));
        }

        var recipients = rule[(arrow + Arrow.Length)..].Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
        if (recipients.Length == 0)
        {
            throw new ArgumentException($"rule '{shown}' names no recipient after '{Arrow}'");
        }

        foreach (var recipient in recipients)
        {
            if (!RecipientParser.TryParse(recipient, out _, out var error))
            {
                throw new ArgumentException($"rule '{shown}': '{Display.TerminalText.SingleLine(recipient, 60)}' is not a recipient: {error}");
            }
        }

        return new AlertmanagerRoute(match, recipients, rule);
    }

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelName();
}
