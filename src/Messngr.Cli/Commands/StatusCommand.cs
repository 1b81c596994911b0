using Messngr.Cli.Control;

namespace Messngr.Cli.Commands;

/// <summary><c>messngr status</c>: the daemon's names, listeners and counters.</summary>
internal static class StatusCommand
{
    public static readonly string Help = """
        usage: messngr status [--json] [--state-dir DIR]

        Shows the running daemon: its computer name and workgroup, since when it runs, its state
        directory, its names and their state, each listener (bound, in use by another process and
        which, or why not) and its counters (messages accepted, rejected by reason, malformed
        packets …).

        options:
          --json             one JSON object: netBiosName, workgroup, startedAt, runningAs (the
                             user the daemon runs as), stateDirectory, names, listeners (name,
                             protocol, endPoint, bound, error, state: bound, in use, permission
                             denied, failed; owner), counters (name → count)
          --state-dir DIR    talk to the daemon whose state directory is DIR (default: as for
                             'messngr serve'; MESSNGR_STATE_DIR); a relative DIR is taken from
                             the working directory, as serve takes it

        """ + ClientExitCodes.HelpLine;

    private static readonly string[] Valued = ["state-dir"];
    private static readonly string[] Switches = ["json"];

    public static int Run(IReadOnlyList<string> args) => RunAsync(args, CommandContext.FromConsole(), CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse("status", args, Valued, Switches);
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
