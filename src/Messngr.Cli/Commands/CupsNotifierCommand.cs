using Messngr.Cli.Control;
using Messngr.Cli.Help;
using Messngr.Cli.Integrations;
using Messngr.Cli.Integrations.Ipp;
using Messngr.Cli.Options;

namespace Messngr.Cli.Commands;

/// <summary>
/// <c>messngr cups-notifier RECIPIENT-URI USER-DATA</c>: the CUPS notifier
/// /usr/lib/cups/notifier/messngr (issue #15, item 4). cupsd starts a notifier as
/// <c>notifier recipient-uri user-data</c> and writes each event as one IPP message to its
/// stdin (scheduler/subscriptions.c, cupsd_start_notifier and cupsd_send_notification).
/// </summary>
internal static class CupsNotifierCommand
{
    public static readonly CommandHelp Manual = new(
        "cups-notifier",
        "CUPS notifier (notify-recipient-uri messngr:[NAME]): tell a job's owner the job is done",
        "usage: messngr cups-notifier [OPTIONS] RECIPIENT-URI USER-DATA   (run by cupsd as /usr/lib/cups/notifier/messngr)",
        """
        Run by cupsd for a subscription whose notify-recipient-uri is messngr: or messngr:NAME;
        reads the IPP event messages cupsd writes to stdin until it closes them. For each
        job-completed event it sends "Your print job N (NAME) on PRINTER is done" ("was
        canceled"; "was aborted", at high priority) to NAME of the URI, else to the job's owner
        (job-originating-user-name: from the event, else asked of cupsd with Get-Job-Attributes,
        which cupsd answers when its JobPrivateAccess lets the notifier's user, lp, see it), else
        to the alert names (or --to).
        Only a plain messenger NAME is taken from the URI or the event (never NAME@HOST, *,
        /domain, /users): any print client may name them. Other events are ignored. A malformed
        IPP message ends the notifier with exit 65 (cupsd starts it again for the next event).
        """,
        AlertOptionTable.All,
        [.. IntegrationRunner.ExitCodes.Where(c => c.Code != ExitCodes.DataError), new ExitCode(ExitCodes.DataError, "a malformed IPP message on stdin, or a send was refused")]);

    public static int Run(IReadOnlyList<string> args)
    {
        using var stdin = Console.OpenStandardInput();
        return RunAsync(args, CommandContext.FromConsole(), stdin, CupsJobOwner.LookupAsync, CancellationToken.None).GetAwaiter().GetResult();
    }

    public static Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, Stream events, CancellationToken cancellationToken) =>
        RunAsync(args, context, events, (_, _, _) => Task.FromResult<string?>(null), cancellationToken);

    /// <summary>As cupsd runs it: <paramref name="owner"/> asks cupsd for a job's owner (<see cref="CupsJobOwner.LookupAsync"/>).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, Stream events, Func<int, IReadOnlyDictionary<string, string>, CancellationToken, Task<string?>> owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(context);
        var line = IntegrationCommandLine.Parse(Manual.Command, args, 2);
        if (line.Help)
        {
            await context.Out.WriteAsync(Manual.Text).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var uriName = CupsRecipient.FromUri(line.Arguments[0]);
        var reader = new IppMessageReader(events);
        var result = ExitCodes.Ok;
        while (true)
        {
            IppMessage? message;
            try
            {
                message = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IppFormatException ex)
            {
                // cupsd logs a notifier's stderr lines by their "ERROR:" prefix
                await context.Error.WriteLineAsync($"ERROR: messngr cups-notifier: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.DataError;
            }

            if (message is null)
            {
                return result;
            }

            if (CupsJobEvent.From(message) is not { } job)
            {
                continue;
            }

            var to = uriName ?? CupsRecipient.PlainName(job.Owner ?? await owner(job.JobId, context.Environment, cancellationToken).ConfigureAwait(false));
            var code = await job.Alert(to).SendAsync(Manual.Command, line.Options, context, cancellationToken).ConfigureAwait(false);
            if (code != ExitCodes.Ok)
            {
                result = code;
            }
        }
    }
}
