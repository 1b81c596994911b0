using Messngr.Cli.Control;
using Messngr.Cli.Help;
using Messngr.Cli.Options;
using Messngr.Daemon.Control.Api;

namespace Messngr.Cli.Commands;

/// <summary>
/// <c>messngr quiet-hours HH:MM-HH:MM|off|status</c> (issue #14, item 3): a daily window in
/// which messages wait for the displays, as do not disturb holds them.
/// </summary>
internal static class QuietHoursCommand
{
    public static readonly CommandHelp Manual = new(
        "quiet-hours",
        "daily quiet hours: hold messages back from your displays every day (HH:MM-HH:MM, off, status)",
        "usage: messngr quiet-hours HH:MM-HH:MM|off|status [--json]",
        """
        Sets your daily quiet hours (yours only: nobody can change another user's), on the
        24-hour clock in the daemon's time zone; a window that ends before it starts runs across
        midnight (22:00-07:00). Inside the window, messages for you wait as they do with
        'messngr dnd on' and are shown in order when it ends; critical messages are shown at once.
        'off' removes the window; 'status' (or no argument) shows the settings.
        """,
        QuietOptionTable.All,
        QuietText.ExitCodeList);

    public static string Help => Manual.Text;

    public static int Run(IReadOnlyList<string> args) => RunAsync(args, CommandContext.FromConsole(), CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse("quiet-hours", args, QuietOptionTable.All);
        if (line.Help)
        {
            await context.Out.WriteAsync(Help).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (line.Positional.Count > 1)
        {
            throw new UsageException($"quiet-hours: unexpected argument '{ClientText.Line(line.Positional[1])}' (messngr quiet-hours 22:00-07:00)");
        }

        var value = line.Positional.Count > 0 ? line.Positional[0].Trim() : "status";
        QuietRequest? request = null;
        if (string.Equals(value, "off", StringComparison.OrdinalIgnoreCase))
        {
            request = new QuietRequest(null, null, "off");
        }
        else if (!string.Equals(value, "status", StringComparison.OrdinalIgnoreCase))
        {
            // Checked here for a quick answer; the daemon checks again.
            if (!Daemon.Quiet.QuietWindow.TryParse(value, out var window, out var error))
            {
                throw new UsageException("quiet-hours: " + ClientText.Line(error));
            }

            request = new QuietRequest(null, null, window.ToString());
        }

        var json = line.Values.GetValueOrDefault("json") == "yes";
        return await ClientCommand.RunAsync("quiet-hours", context, line.Values, async client =>
        {
            var quiet = request is null
                ? await client.QuietAsync(cancellationToken).ConfigureAwait(false)
                : await client.SetQuietAsync(request, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteAsync(json ? ClientCommand.Json(quiet) + "\n" : QuietText.Describe(quiet)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }).ConfigureAwait(false);
    }
}
