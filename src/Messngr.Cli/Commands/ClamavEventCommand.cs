using Messngr.Cli.Control;
using Messngr.Cli.Help;
using Messngr.Cli.Integrations;
using Messngr.Cli.Options;
using Messngr.Daemon.Integrations;

namespace Messngr.Cli.Commands;

/// <summary><c>messngr clamav-event</c>: ClamAV clamd's VirusEvent (issue #15, item 4; clamd.conf(5)).</summary>
internal static class ClamavEventCommand
{
    public static readonly CommandHelp Manual = new(
        "clamav-event",
        "ClamAV clamd's VirusEvent: alert the alert names about a virus found",
        "usage: messngr clamav-event [OPTIONS]   (clamd.conf: VirusEvent /usr/bin/messngr clamav-event)",
        """
        Run by clamd when it finds a virus: the virus and the file come ONLY from the environment,
        CLAM_VIRUSEVENT_VIRUSNAME and CLAM_VIRUSEVENT_FILENAME, never from arguments. A file's name
        is chosen by whoever wrote the file: never put %f (clamd disabled it) or the variables in
        the VirusEvent line, where clamd's shell would run them. The name arrives as inert text
        (control characters and terminal escapes made visible, on one line) in "ClamAV found
        VIRUS in FILE on HOST", sent at high priority to the alert names (or --to).
        """,
        AlertOptionTable.All,
        IntegrationRunner.ExitCodes);

    public static int Run(IReadOnlyList<string> args) =>
        RunAsync(args, CommandContext.FromConsole(), CancellationToken.None).GetAwaiter().GetResult();

    public static Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken) =>
        IntegrationRunner.RunAsync(Manual, args, RelayedIntegrations.ClamavEvent, context, cancellationToken);
}
