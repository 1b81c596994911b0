using Messngr.Cli.Control;
using Messngr.Cli.Help;
using Messngr.Cli.Integrations;
using Messngr.Cli.Options;
using Messngr.Daemon.Integrations;

namespace Messngr.Cli.Commands;

/// <summary><c>messngr upsmon-notify MESSAGE</c>: NUT upsmon's NOTIFYCMD (issue #15, item 4; upsmon.conf(5)).</summary>
internal static class UpsmonNotifyCommand
{
    public static readonly CommandHelp Manual = new(
        "upsmon-notify",
        "NUT upsmon's NOTIFYCMD: alert the alert names about a UPS event",
        "usage: messngr upsmon-notify [OPTIONS] MESSAGE   (upsmon.conf: NOTIFYCMD \"/usr/bin/messngr upsmon-notify\")",
        """
        Run by NUT's upsmon for every event whose NOTIFYFLAG has EXEC: MESSAGE is upsmon's text
        (its one argument), NOTIFYTYPE and UPSNAME come from the environment. The alert goes to the
        alert names (or --to) as 'messngr alert' sends it. Priority from NOTIFYTYPE: LOWBATT, FSD,
        SHUTDOWN critical; ONBATT, COMMBAD, NOCOMM, REPLBATT, NOPARENT, OVER, ALARM, OFF, BYPASS
        high; ONLINE, COMMOK and every other normal. Every event of one UPS carries the
        correlation key ups:UPSNAME, so ONLINE replaces the ONBATT before it. The last argument
        is always the message, taken as it is; options stand before it.
        """,
        AlertOptionTable.All,
        IntegrationRunner.ExitCodes);

    public static int Run(IReadOnlyList<string> args) =>
        RunAsync(args, CommandContext.FromConsole(), CancellationToken.None).GetAwaiter().GetResult();

    public static Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken) =>
        IntegrationRunner.RunAsync(Manual, args, RelayedIntegrations.UpsmonNotify, context, cancellationToken);
}
