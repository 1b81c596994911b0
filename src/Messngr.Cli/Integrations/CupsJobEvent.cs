using Messngr.Cli.Integrations.Ipp;
using Messngr.Daemon.Integrations;

namespace Messngr.Cli.Integrations;

/// <summary>
/// A CUPS job-completed event (RFC 3995 9.1; cupsd's cupsdAddEvent): notify-subscribed-event,
/// notify-job-id (job-id accepted too), job-name, job-state, printer-name, notify-text, and the
/// owner, job-originating-user-name, when the event carries it.
/// </summary>
internal sealed record CupsJobEvent(int JobId, string? JobName, int JobState, string Printer, string? Owner)
{
    /// <summary>RFC 8011 5.3.7 job-state: canceled, aborted, completed.</summary>
    public const int Canceled = 7;
    public const int Aborted = 8;
    public const int Completed = 9;

    /// <summary>The event if it is a job's end (job-completed); null for every other event.</summary>
    public static CupsJobEvent? From(IppMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Text("notify-subscribed-event") != "job-completed")
        {
            return null;
        }

        var id = message.Integer("notify-job-id") ?? message.Integer("job-id");
        return id is null
            ? null
            : new CupsJobEvent(id.Value, message.Text("job-name"), message.Integer("job-state") ?? Completed, message.Text("printer-name") ?? "the printer", message.Text("job-originating-user-name"));
    }

    /// <summary>"Your print job N (NAME) on PRINTER is done" (was canceled, was aborted: high).</summary>
    public IntegrationAlert Alert(string? to)
    {
        var name = string.IsNullOrWhiteSpace(JobName) ? string.Empty : $" ({IntegrationAlert.Inert(JobName)})";
        var outcome = JobState switch
        {
            Canceled => "was canceled",
            Aborted => "was aborted",
            _ => "is done",
        };
        return new IntegrationAlert($"Your print job {JobId}{name} on {IntegrationAlert.Inert(Printer)} {outcome}", JobState == Aborted ? "high" : "normal", To: to);
    }
}
