using Messngr.Daemon.Core;
using Messngr.Daemon.Sending;

namespace Messngr.Daemon.Alertmanager;

/// <summary>
/// What one webhook notification becomes, decided in full before anything is sent: one message
/// (<paramref name="Text"/>, <paramref name="Priority"/>, <paramref name="CorrelationKey"/>) to
/// each of <paramref name="Recipients"/>.
/// </summary>
internal sealed record AlertmanagerNotification(IReadOnlyList<Recipient> Recipients, string Text, Priority Priority, string CorrelationKey)
{
    /// <summary>
    /// The notification of a checked <paramref name="payload"/> routed by its common labels (the
    /// labels all of the group's alerts share, so a group is never split); null with
    /// <paramref name="problem"/> when no rule matches and there are no alert names.
    /// </summary>
    public static AlertmanagerNotification? Plan(AlertmanagerPayload payload, AlertmanagerRouting routing, DaemonLimits limits, out string problem)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(routing);
        problem = string.Empty;
        var names = routing.RecipientsFor(payload.CommonLabels);
        if (names.Count == 0)
        {
            problem = "no 'alertmanager route' rule matches this notification's common labels and 'alert names' is empty: nothing was sent; set one of them in messngr.conf";
            return null;
        }

        var recipients = new List<Recipient>(names.Count);
        foreach (var name in names)
        {
            // Checked when the daemon started; parsed again here for the Recipient value.
            if (!RecipientParser.TryParse(name, out var recipient, out var error))
            {
                problem = $"the configured recipient '{Display.TerminalText.SingleLine(name)}' is not valid: {error}";
                return null;
            }

            recipients.Add(recipient);
        }

        return new AlertmanagerNotification(recipients, AlertmanagerText.Build(payload, limits), AlertmanagerSeverity.ForNotification(payload), AlertmanagerText.CorrelationKeyFor(payload.GroupKey!));
    }
}
