using Messngr.Cli.Control;
using Messngr.Cli.Options;
using Messngr.Cli.Help;

namespace Messngr.Cli.Commands;

/// <summary><c>messngr history</c>: the messages this daemon received, newest first.</summary>
internal static class HistoryCommand
{
    public const int DefaultLimit = 20;

    public static readonly CommandHelp Manual = new(
        "history",
        "messages received, newest first",
        "usage: messngr history [--all] [--json] [--limit N] [--state-dir DIR] [--timeout S]",
        """
        Prints the messages the daemon received, newest first: the ones to your names, to the
        computer name and to the workgroup (root sees all). Each as

          From alice to HOSTB at 2026-01-02 10:11:12, via smb from 10.0.0.2 (unverified)
          lunch?

        Sender, recipient and text are shown with terminal escape sequences and control characters
        removed. Messages over the classic transports (smb, mailslot, rpc) are unverified: the
        sender name is a claim. A priority other than normal is shown after the source. A message
        with a correlation key from a verified sender is replaced by a later one with the same key
        from the same sender to the same recipient: only the latest is shown, unless --all.
        A sealed message is shown as an envelope, never its text:

          sealed message: open it with 'messngr read ID'

        and 'messngr read ID' (the message id or the seq) opens it and acknowledges it read.
        """,
        HistoryOptionTable.All,
        [new(ExitCodes.Ok, "ok"), ClientExitCodeList.Usage, ClientExitCodeList.NotRunning, ClientExitCodeList.Internal, ClientExitCodeList.TimedOut, ClientExitCodeList.Permission, ClientExitCodeList.Config]);

    public static string Help => Manual.Text;

    public static int Run(IReadOnlyList<string> args) => RunAsync(args, CommandContext.FromConsole(), CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse("history", args, HistoryOptionTable.All);
        if (line.Help)
        {
            await context.Out.WriteAsync(Help).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (line.Positional.Count > 0)
        {
            throw new UsageException($"history: unexpected argument '{line.Positional[0]}'");
        }

        var limit = ClientCommand.ParseCount("history", "limit", line.Values.GetValueOrDefault("limit"), DefaultLimit, 1, Messngr.Daemon.Control.ControlRequestHandler.MaxHistoryLimit);
        var json = line.Values.GetValueOrDefault("json") == "yes";
        var all = line.Values.GetValueOrDefault("all") == "yes";
        return await ClientCommand.RunAsync("history", context, line.Values, async client =>
        {
            var messages = await client.HistoryAsync(limit, cancellationToken, all).ConfigureAwait(false);
            if (json)
            {
                await context.Out.WriteLineAsync(ClientCommand.Json(messages)).ConfigureAwait(false);
            }
            else
            {
                await context.Out.WriteAsync(string.Join("\n", messages.Select(ClientText.Message))).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }).ConfigureAwait(false);
    }
}
