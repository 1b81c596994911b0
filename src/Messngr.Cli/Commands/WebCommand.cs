using Messngr.Cli.Control;
using Messngr.Cli.Help;
using Messngr.Cli.Options;

namespace Messngr.Cli.Commands;

/// <summary>
/// <c>messngr web</c> (issue #14, item 2): asks the daemon over the control socket (so for the
/// caller's own uid, SO_PEERCRED) for the web page's URL with the caller's token, and prints it or
/// opens it (<see cref="WebOpener"/>).
/// </summary>
internal static class WebCommand
{
    public static readonly CommandHelp Manual = new(
        "web",
        "print or open your web page's URL (inbox, reply, names, sent)",
        "usage: messngr web [--open] [--new-token] [--json] [--state-dir DIR] [--timeout S]",
        """
        Prints the address of the daemon's web page with your own token, e.g.
        http://127.0.0.1:2427/#token=..., or with --open shows it in the desktop's browser. The
        token is yours alone: it is 256 random bits the daemon keeps (0600) and hands only to your
        uid over the control socket, and the page shows only your messages, names and sent
        messages, as 'messngr history', 'name' and 'sent' do. Keep it secret: whoever has it can
        read and send as you on this machine. --new-token makes a new one; URLs printed before stop
        working at once. The token sits after '#', which a browser never sends to a server, so it
        stays out of request lines and logs. --open hands the browser a small file readable only by
        you (in $XDG_RUNTIME_DIR) that forwards to the URL, so the token never appears on a command
        line that other users could see in the process list. The page is served on loopback only
        ('web listen' of 'messngr serve'; off turns it off).
        """,
        WebOptionTable.All,
        [
            new(ExitCodes.Ok, "ok: the URL was printed or opened"),
            ClientExitCodeList.Usage,
            new(ExitCodes.Unavailable, "daemon not running, its web page is off (web listen = off) or could not bind its port, or --open found no browser"),
            ClientExitCodeList.Internal,
            ClientExitCodeList.TimedOut,
            ClientExitCodeList.Permission,
            ClientExitCodeList.Config,
        ]);

    public static string Help => Manual.Text;

    public static int Run(IReadOnlyList<string> args) => RunAsync(args, CommandContext.FromConsole(), CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken, Func<string, string?>? open = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var line = CommandLine.Parse("web", args, WebOptionTable.All);
        if (line.Help)
        {
            await context.Out.WriteAsync(Help).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (line.Positional.Count > 0)
        {
            throw new UsageException($"web: unexpected argument '{ClientText.Line(line.Positional[0])}'");
        }

        var json = line.Values.GetValueOrDefault("json") == "yes";
        var wantsOpen = line.Values.GetValueOrDefault("open") == "yes";
        var newToken = line.Values.GetValueOrDefault("new-token") == "yes";
        return await ClientCommand.RunAsync("web", context, line.Values, async client =>
        {
            var access = await client.WebAsync(newToken, cancellationToken).ConfigureAwait(false);
            if (json)
            {
                await context.Out.WriteLineAsync(ClientCommand.Json(access)).ConfigureAwait(false);
            }

            if (!wantsOpen)
            {
                if (!json)
                {
                    await context.Out.WriteLineAsync(access.Url).ConfigureAwait(false);
                }

                return ExitCodes.Ok;
            }

            var problem = (open ?? (url => WebOpener.Open(url, context.Environment)))(access.Url);
            if (problem is not null)
            {
                await context.Error.WriteLineAsync($"messngr web: cannot open a browser ({ClientText.Line(problem)}); open this URL yourself:").ConfigureAwait(false);
                await context.Out.WriteLineAsync(access.Url).ConfigureAwait(false);
                return ExitCodes.Unavailable;
            }

            return ExitCodes.Ok;
        }).ConfigureAwait(false);
    }
}
