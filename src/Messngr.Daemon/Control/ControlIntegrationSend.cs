using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Integrations;
using Messngr.Daemon.Sending;

namespace Messngr.Daemon.Control;

/// <summary>
/// <c>POST /v1/send/any {"integration":NAME,"args":[…],"environment":{…}}</c> (issue #15, item 8):
/// what <c>messngr NAME ARGS</c> sends, mapped by the one <see cref="RelayedIntegrations"/> table
/// the CLI commands use, for <c>messngr-send --NAME</c>. The body names the integration, exactly
/// its caller's argument count (no options: those are the CLI's), and only the variables it
/// reads that were set; nothing else may stand beside them. The alert goes to its TO (a media
/// script's list, each one a recipient as <c>messngr send</c> takes it) or else the daemon's
/// <c>alert names</c>, with the mapping's priority and correlation key (native only). A body the
/// CLI would refuse as a usage error is 400: messngr-send then runs the command, which says why.
/// </summary>
internal static class ControlIntegrationSend
{
    /// <summary>The body is an integration's: it names one, or carries args or environment.</summary>
    public static bool Is(AnySendRequest? body) => body is { Integration: not null } or { Args: not null } or { Environment: not null };

    /// <summary>
    /// What is wrong with an integration body; null when <paramref name="send"/> can go. A TO may
    /// name at most <paramref name="maxRecipients"/> (the bound of <c>alert names</c>): the daemon
    /// does a bounded amount of work per request; a longer list is the caller's own <c>messngr</c>'s to send.
    /// </summary>
    public static string? Check(AnySendRequest body, IReadOnlyList<string> alertNames, int maxRecipients, out IntegrationSend send)
    {
        ArgumentNullException.ThrowIfNull(body);
        send = new IntegrationSend([], string.Empty, "normal", null);
        if (body.Integration is null)
        {
            return "args and environment go with an integration (\"integration\":\"upsmon-notify|clamav-event|media-script\")";
        }

        if (body.Recipient is not null || body.Alert is not null || body.Text is not null || body.Priority is not null || body.ReplyTo is not null)
        {
            return "an integration gives its own recipients, text and priority: send only integration, args and environment";
        }

        if (RelayedIntegrations.Find(body.Integration) is not { } integration)
        {
            return $"unknown integration '{Display.TerminalText.SingleLine(body.Integration)}' (upsmon-notify, clamav-event or media-script)";
        }

        if (Input(integration, body, out var args, out var environment) is { } badInput)
        {
            return badInput;
        }

        IntegrationAlert alert;
        try
        {
            alert = integration.Map(args, environment);
        }
        catch (IntegrationInputException ex)
        {
            return ex.Message;
        }

        if (Recipients(integration.Name, alert.To, alertNames, maxRecipients, out var recipients) is { } badRecipient)
        {
            return badRecipient;
        }

        if (ControlAnySendEndpoints.CheckText(alert.SentText, alert.Priority, out var text) is { } badText)
        {
            return $"{integration.Name}: {badText}";
        }

        send = new IntegrationSend(recipients, text, alert.Priority, alert.CorrelationKey);
        return null;
    }

    /// <summary>Exactly the integration's argument count, and only the variables it reads; every value a string.</summary>
    private static string? Input(RelayedIntegration integration, AnySendRequest body, out IReadOnlyList<string> args, out IReadOnlyDictionary<string, string> environment)
    {
        args = [];
        environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var given = body.Args ?? [];
        if (given.Count != integration.ArgumentCount)
        {
            return $"{integration.Name} takes {integration.ArgumentCount} argument(s) in args, got {given.Count}";
        }

        if (given.Any(a => a is null))
        {
            return "args must be strings";
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in body.Environment ?? new Dictionary<string, string?>())
        {
            if (!integration.EnvironmentVariables.Contains(name, StringComparer.Ordinal))
            {
                return $"{integration.Name} does not read {Display.TerminalText.SingleLine(name)} (it reads: {(integration.EnvironmentVariables.Count == 0 ? "nothing" : string.Join(", ", integration.EnvironmentVariables))})";
            }

            if (value is null)
            {
                return "environment values must be strings";
            }

            variables[name] = value;
        }

        args = [.. given.Select(a => a!)];
        environment = variables;
        return null;
    }

    /// <summary>The alert's TO (each one parsed as <c>messngr alert --to</c> does), or else the alert names.</summary>
    private static string? Recipients(string integration, string? to, IReadOnlyList<string> alertNames, int max, out IReadOnlyList<Recipient> recipients)
    {
        recipients = [];
        var names = to is null ? alertNames : IntegrationAlert.SplitTo(to);
        if (to is not null && names.Count == 0)
        {
            return $"{integration}: TO names no recipient";
        }

        if (to is not null && names.Count > max)
        {
            return $"{integration}: TO names {names.Count} recipients; the daemon sends to at most {max}";
        }

        if (names.Count == 0)
        {
            return "no alert names: set 'alert names' in messngr.conf";
        }

        var parsed = new List<Recipient>(names.Count);
        foreach (var name in names)
        {
            var why = "a recipient list (@FILE) is for 'messngr send' only";
            if (name.StartsWith('@') || !RecipientParser.TryParse(name, out var recipient, out why))
            {
                return to is null
                    ? $"alert name {Display.TerminalText.SingleLine(name)}: {why}"
                    : $"{integration}: TO: '{Display.TerminalText.SingleLine(name)}' is not a recipient: {why}";
            }

            parsed.Add(recipient);
        }

        recipients = parsed;
        return null;
    }
}
