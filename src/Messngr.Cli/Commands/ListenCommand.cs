using System.Runtime.InteropServices;
using Messngr.Cli.Control;

namespace Messngr.Cli.Commands;

/// <summary><c>messngr listen</c>: prints messages as the daemon receives them (LinPopUp in a terminal).</summary>
internal static class ListenCommand
{
    public static readonly string Help = """
        usage: messngr listen [--json] [--state-dir DIR]

        Prints each message the daemon receives, as it arrives, until Ctrl-C: the ones to your
        names, to the computer name and to the workgroup (root sees all), formatted as in
        'messngr history' (escape sequences and control characters removed).

        options:
          --json             JSON lines: one object a line (fields as 'messngr history --json'),
                             flushed per message, for scripts and pipes
          --state-dir DIR    talk to the daemon whose state directory is DIR (default: as for
                             'messngr serve'; MESSNGR_STATE_DIR)

        Ends with 0 on Ctrl-C or SIGTERM, with 69 when the daemon stops.

        """ + ClientExitCodes.HelpLine;

    private static readonly string[] Valued = ["state-dir"];
    private static readonly string[] Switches = ["json"];

    public static int Run(IReadOnlyList<string> args)
    {
        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        return RunAsync(args, CommandContext.FromConsole(), stop.Token).GetAwaiter().GetResult();

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    /// <summary>Streams until <paramref name="cancellationToken"/> is cancelled (exit 0) or the daemon ends the stream (exit 69).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var line = CommandLine.Parse("listen", args, Valued, Switches);
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
        return await ClientCommand.RunAsync("listen", context, line.Values, async client =>
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
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }

            await context.Error.WriteLineAsync($"messngr listen: the daemon on {client.SocketPath} ended the stream (stopped?)").ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }).ConfigureAwait(false);
    }
}
