using System.Globalization;
using Messngr.Cli.Control;
using Messngr.Cli.Help;
using Messngr.Cli.Options;
using Messngr.Daemon.Core;

namespace Messngr.Cli.Commands;

/// <summary>
/// <c>messngr read ID</c> (issue #13, item 6): opens a received message — a sealed one included —
/// and acknowledges it read (IP Messenger's read confirmation): the daemon records <c>read</c> and,
/// for a message that came over the native transport, sends the read receipt to its sender.
/// </summary>
internal static class ReadCommand
{
    public static readonly CommandHelp Manual = new(
        "read",
        "open a message and acknowledge it read",
        "usage: messngr read ID [--json] [--state-dir DIR] [--timeout S]",
        """
        Opens one of the messages 'messngr history' lists and tells the daemon you read it. ID is
        the message id (the UUIDv7 of 'history --json', or as the envelope of a sealed message
        shows it) or its seq number. The daemon records the message as read; for a message that
        came from another messngr node over the native transport, it sends the read receipt back
        to the sender, whose 'messngr sent' then shows it (reading twice sends it once). The
        message is printed as 'messngr history' prints it, with its text: a sealed message shows
        only as an envelope everywhere else, and this is how it is opened. Only your own messages
        can be read (those 'messngr history' shows you; root all): another user's message is not
        found. The message is looked up among your newest 1000. When two sender nodes used the
        same message id, read it by its seq.
        """,
        ReadOptionTable.All,
        [
            new(ExitCodes.Ok, "ok: the message was opened"),
            ClientExitCodeList.Usage,
            new(ExitCodes.DataError, "no such message among yours, or its id is ambiguous (use the seq)"),
            ClientExitCodeList.NotRunning,
            ClientExitCodeList.Internal,
            ClientExitCodeList.TimedOut,
            ClientExitCodeList.Permission,
            ClientExitCodeList.Config,
        ]);

    public static string Help => Manual.Text;

    public static int Run(IReadOnlyList<string> args) => RunAsync(args, CommandContext.FromConsole(), CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse("read", args, ReadOptionTable.All);
        if (line.Help)
        {
            await context.Out.WriteAsync(Help).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (line.Positional.Count == 0)
        {
            throw new UsageException("read: which message? give its id or seq number (see 'messngr history')");
        }

        if (line.Positional.Count > 1)
        {
            throw new UsageException($"read: unexpected argument '{line.Positional[1]}'");
        }

        var key = line.Positional[0].Trim();
        if (!IsSeq(key) && !MessageId.TryParse(key, out _, out _))
        {
            throw new UsageException($"read: '{ClientText.Line(key)}' is neither a message id (a UUIDv7) nor a seq number");
        }

        var json = line.Values.GetValueOrDefault("json") == "yes";
        return await ClientCommand.RunAsync("read", context, line.Values, async client =>
        {
            var message = await client.ReadAsync(key, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteAsync(json ? ClientCommand.Json(message) + "\n" : ClientText.Message(message)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }).ConfigureAwait(false);
    }

    /// <summary>A seq: the daemon's row number, 1 to 18 decimal digits.</summary>
    public static bool IsSeq(string key) =>
        key.Length is > 0 and <= 18 && key.All(char.IsAsciiDigit) && long.Parse(key, NumberStyles.None, CultureInfo.InvariantCulture) > 0;
}
