using System.Runtime.InteropServices;
using Messngr.Cli.Control;
using Messngr.Cli.Output;
using Messngr.Cli.Options;
using Messngr.Cli.Help;

namespace Messngr.Cli.Commands;

/// <summary><c>messngr listen</c>: prints messages as the daemon receives them (LinPopUp in a terminal).</summary>
internal static class ListenCommand
{
    public static readonly CommandHelp Manual = new(
        "listen",
        "print messages as they arrive",
        "usage: messngr listen [--ack] [--json] [--state-dir DIR] [--timeout S]",
        """
        Prints each message the daemon receives, as it arrives, until Ctrl-C: the ones to your
        names, to the computer name and to the workgroup (root sees all), formatted as in
        'messngr history' (escape sequences and control characters removed). Ends quietly when
        its standard output is closed ('messngr listen | head -n1'), at once, not at the next
        message. A message handed to listen counts as displayed (its sender's 'messngr sent'
        shows it). A sealed message is printed as an envelope, never its text: open it with
        'messngr read ID'. With --ack each message printed is also acknowledged read (by its
        seq, as 'messngr read' does) — except a sealed one, which only 'messngr read' opens; an
        acknowledgement that fails is reported on standard error and listening goes on.
        """,
        ListenOptionTable.All,
        [
            new(ExitCodes.Ok, "stopped by Ctrl-C, SIGTERM or a closed standard output"),
            ClientExitCodeList.Usage,
            new(ExitCodes.Unavailable, "daemon not running, or it stopped"),
            ClientExitCodeList.Internal,
            ClientExitCodeList.TimedOut,
            ClientExitCodeList.Permission,
            ClientExitCodeList.Config,
        ]);

    public static string Help => Manual.Text;

    // 'messngr listen | head -n1': once head is gone, end now, not when the next message comes (issue #12, item 11).
    public static int Run(IReadOnlyList<string> args) =>
        UntilStopped.Run(token => RunAsync(args, CommandContext.FromConsole(), token), ClosedOutputWatch.Start);

    /// <summary>Streams until <paramref name="cancellationToken"/> is cancelled (exit 0) or the daemon ends the stream (exit 69).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse("listen", args, ListenOptionTable.All);
        if (line.Help)
        {
            await context.Out.WriteAsync(Help).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (line.Positional.Count > 0)
        {
            throw new UsageException($"listen: unexpected argument '{line.Positional[0]}'");
        }

        var json = line.Values.GetValueOrDefault("json") == "yes";
        var ack = line.Values.GetValueOrDefault("ack") == "yes";
        return await ClientCommand.RunAsync("listen", context, line.Values, async client =>
        {
            try
            {
                return await StreamAsync(client, json, ack, context, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C, SIGTERM or a closed standard output while still connecting
                return ExitCodes.Ok;
            }
        }).ConfigureAwait(false);
    }

    private static async Task<int> StreamAsync(ControlClient client, bool json, bool ack, CommandContext context, CancellationToken cancellationToken)
    {
        var first = true;
        await foreach (var message in client.ListenAsync(cancellationToken).ConfigureAwait(false))
        {
            var text = json ? ClientCommand.Json(message, indented: false) + "\n" : (first ? string.Empty : "\n") + ClientText.Message(message);
            first = false;
            try
            {
                await context.Out.WriteAsync(text).ConfigureAwait(false);
                await context.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // the reader of our output went away (a closed pipe): nothing left to do
                return ExitCodes.Ok;
            }

            if (context.OutputClosed?.Invoke() == true)
            {
                // the console swallows EPIPE: ask the pipe whether anybody still reads
                return ExitCodes.Ok;
            }

            // Printed, so the user has it: acknowledged read. A sealed one (no text here) only 'messngr read' opens.
            if (ack && message.Text is not null)
            {
                await AcknowledgeAsync(client, message.Seq, context).ConfigureAwait(false);
            }
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }

        var ended = $"messngr listen: the daemon on {client.SocketPath} ended the stream (stopped?)";
        if (json)
        {
            await context.Out.WriteLineAsync(JsonError.Format(ended, ExitCodes.Unavailable)).ConfigureAwait(false);
        }

        await context.Error.WriteLineAsync(ended).ConfigureAwait(false);
        return ExitCodes.Unavailable;
    }

    /// <summary>
    /// <c>POST /v1/messages/{seq}/read</c> for a message just printed: by its seq, which names one
    /// message even when two sender nodes used the same message id. A failure does not end listening.
    /// </summary>
    private static async Task AcknowledgeAsync(ControlClient client, long seq, CommandContext context)
    {
        var key = seq.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            // Not cut short by a stop (Ctrl-C right after a message printed): the message was shown,
            // so its read receipt is finished — the client's own timeout bounds the wait.
            await client.ReadAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ControlClientException ex)
        {
            await context.Error.WriteLineAsync($"messngr listen: could not acknowledge message {key} read: {ClientText.Line(ex.Message)}").ConfigureAwait(false);
        }
    }
}
