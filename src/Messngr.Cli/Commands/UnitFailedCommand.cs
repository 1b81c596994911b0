using Messngr.Cli.Control;
using Messngr.Cli.Help;
using Messngr.Cli.Integrations;
using Messngr.Cli.Options;
using Messngr.Daemon.Integrations;

namespace Messngr.Cli.Commands;

/// <summary><c>messngr unit-failed UNIT</c>: run by packaging/messngr-onfailure@.service for systemd's OnFailure= (issue #15, item 4).</summary>
internal static class UnitFailedCommand
{
    public static readonly CommandHelp Manual = new(
        "unit-failed",
        "systemd OnFailure=: alert the alert names that UNIT failed, with its last journal lines",
        "usage: messngr unit-failed [OPTIONS] UNIT   (a unit: OnFailure=messngr-onfailure@%n.service)",
        """
        Run by the template unit messngr-onfailure@.service (ExecStart=/usr/bin/messngr
        unit-failed %i) that a unit names in OnFailure=. Sends "UNIT failed on HOST" and the
        unit's last 10 journal lines (journalctl, each line cut to 300 characters and made inert;
        none when journalctl is missing, fails or takes over 15 s) at high priority with the
        correlation key unit:UNIT to the alert names (or --to). UNIT must be a systemd unit name
        (letters, digits, ":-_.\@", at most 255 characters): anything else is a usage error.
        """,
        AlertOptionTable.All,
        IntegrationRunner.ExitCodes);

    public static int Run(IReadOnlyList<string> args) =>
        RunAsync(args, CommandContext.FromConsole(), UnitFailure.JournalAsync, CancellationToken.None).GetAwaiter().GetResult();

    public static Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, Func<string, CancellationToken, Task<IReadOnlyList<string>>> journal, CancellationToken cancellationToken) =>
        IntegrationRunner.RunAsync(Manual, args, 1, async (a, _, ct) =>
        {
            var unit = a[0];
            if (!UnitFailure.IsUnitName(unit))
            {
                throw new UsageException($"unit-failed: '{IntegrationAlert.Inert(unit)}' is not a systemd unit name");
            }

            return UnitFailure.Alert(unit, IntegrationAlert.HostName, await journal(unit, ct).ConfigureAwait(false));
        }, context, cancellationToken);
}
