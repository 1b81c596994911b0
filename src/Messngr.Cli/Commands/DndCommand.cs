using Messngr.Cli.Control;
using Messngr.Cli.Help;
using Messngr.Cli.Options;
using Messngr.Daemon.Control.Api;

namespace Messngr.Cli.Commands;

/// <summary>
/// <c>messngr dnd on|off|until TIME|status</c> (issue #14, item 3): do not disturb, like the
/// switch of a desktop's notification area. While it is on, messages wait for the displays
/// (critical ones excepted); they are kept as always.
/// </summary>
internal static class DndCommand
{
    public static readonly CommandHelp Manual = new(
        "dnd",
        "do not disturb: hold messages back from your displays (on, off, until TIME, status)",
        """
        usage: messngr dnd on|off|status [--json]
               messngr dnd until TIME [--json]
        """,
        """
        Turns do not disturb on or off for you (the user running the command; nobody can change
        another user's). While it is on, messages for you wait instead of being shown on your
        terminal and desktop displays — they are stored as always, and 'messngr history' and
        plain 'messngr listen' still show them; critical messages ('send --priority critical')
        are shown at once. 'until TIME' turns it off by itself at TIME: HH:MM is the next such
        time on the daemon's clock (today, or tomorrow when it has passed), or an ISO 8601 date
        and time such as 2026-12-24T18:00 (the daemon's local time) or 2026-12-24T18:00+01:00;
        at most a year ahead. 'status' (or no argument) shows the settings without changing
        them. Daily quiet hours are set with 'messngr quiet-hours'.
        """,
        QuietOptionTable.All,
        QuietText.ExitCodeList);

    public static string Help => Manual.Text;

    public static int Run(IReadOnlyList<string> args) => RunAsync(args, CommandContext.FromConsole(), CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse("dnd", args, QuietOptionTable.All);
        if (line.Help)
        {
            await context.Out.WriteAsync(Help).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var action = line.Positional.Count > 0 ? line.Positional[0].ToLowerInvariant() : "status";
        QuietRequest? request = (action, line.Positional.Count) switch
        {
            ("status", <= 1) => null,
            ("on", 1) => new QuietRequest("on", null, null),
            ("off", 1) => new QuietRequest("off", null, null),
            ("until", 2) => new QuietRequest("until", line.Positional[1], null),
            ("until", _) => throw new UsageException("dnd until: give one TIME: HH:MM or ISO 8601 (messngr dnd until 18:00)"),
            ("status" or "on" or "off", _) => throw new UsageException($"dnd {action}: unexpected argument '{ClientText.Line(line.Positional[1])}'"),
            _ => throw new UsageException($"dnd: unknown action '{ClientText.Line(action)}' (on, off, until TIME or status)"),
        };

        var json = line.Values.GetValueOrDefault("json") == "yes";
        return await ClientCommand.RunAsync("dnd", context, line.Values, async client =>
        {
            var quiet = request is null
                ? await client.QuietAsync(cancellationToken).ConfigureAwait(false)
                : await client.SetQuietAsync(request, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteAsync(json ? ClientCommand.Json(quiet) + "\n" : QuietText.Describe(quiet)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }).ConfigureAwait(false);
    }
}
