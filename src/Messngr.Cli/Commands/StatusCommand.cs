using Messngr.Cli.Control;
using Messngr.Cli.Options;
using Messngr.Cli.Help;

namespace Messngr.Cli.Commands;

/// <summary><c>messngr status</c>: the daemon's names, listeners and counters.</summary>
internal static class StatusCommand
{
    public static readonly CommandHelp Manual = new(
        "status",
        "names, listeners and counters of the running daemon",
        "usage: messngr status [--json] [--state-dir DIR] [--timeout S]",
        """
        Shows the running daemon: its computer name and workgroup, since when it runs, its state
        directory, its names and their state, each listener (bound, in use by another process and
        which, or why not) and its counters (messages accepted, rejected by reason, malformed
        packets …).
        """,
        StatusOptionTable.All,
        [new(ExitCodes.Ok, "ok"), ClientExitCodeList.Usage, ClientExitCodeList.NotRunning, ClientExitCodeList.Internal, ClientExitCodeList.TimedOut, ClientExitCodeList.Permission, ClientExitCodeList.Config]);

    public static string Help => Manual.Text;

    public static int Run(IReadOnlyList<string> args) => RunAsync(args, CommandContext.FromConsole(), CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse("status", args, StatusOptionTable.All);
        if (line.Help)
        {
            await context.Out.WriteAsync(Help).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (line.Positional.Count > 0)
        {
            throw new UsageException($"status: unexpected argument '{line.Positional[0]}'");
        }

        var json = line.Values.GetValueOrDefault("json") == "yes";
        return await ClientCommand.RunAsync("status", context, line.Values, async client =>
        {
            var status = await client.StatusAsync(cancellationToken).ConfigureAwait(false);
            await context.Out.WriteAsync(json ? ClientCommand.Json(status) + "\n" : ClientText.Status(status, context.Users, DateTimeOffset.Now)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }).ConfigureAwait(false);
    }
}
