using System.Runtime.InteropServices;
using Messngr.Cli.Control;
using Messngr.Cli.Desktop;
using Messngr.Cli.Help;
using Messngr.Cli.Options;

namespace Messngr.Cli.Commands;

/// <summary>
/// <c>messngr agent</c> (issue #14, item 1): run in a desktop session, it shows the user's
/// messages as desktop notifications (<see cref="AgentDesktop"/>), reading the daemon's display
/// stream for its uid (<c>GET /v1/listen?display=agent&amp;events=read</c>), and reconnects when
/// the daemon stops or restarts: after 1 s, doubling to 30 s, said once per outage on standard error.
/// </summary>
internal static class AgentCommand
{
    /// <summary>The display name the agent subscribes as (quiet hours hold it; it reports its own displayed receipts).</summary>
    public const string Display = "agent";

    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    public static readonly CommandHelp Manual = new(
        "agent",
        "show your messages as desktop notifications (run in your desktop session)",
        "usage: messngr agent [--state-dir DIR] [--timeout S]",
        """
        Shows each message for you as a desktop notification through the desktop's notification
        service (org.freedesktop.Notifications on $DBUS_SESSION_BUS_ADDRESS) until Ctrl-C. The
        summary is the sender, marked (unverified) for a classic message or (verified, node ID)
        for a native one; the body is the text with markup, escapes and bidi controls made inert,
        cut at 2000 characters with a visible mark. Clicking it, or its Mark read button, marks
        it read (a read receipt to a native sender) and closes it; with a service that offers
        inline reply (the inline-reply capability) a Reply field sends your answer to the sender
        (through the daemon as you, as the web page's Reply); without it there is
        no Reply. A notification is closed when you read its message elsewhere ('messngr read',
        'listen --ack', the web page) or when the message expires, and replaced by a later
        message with the same correlation key from the same verified sender. Quiet hours and
        do-not-disturb hold messages back from it like from the web page. It is reported
        displayed once the notification service shows it. Without a notification service it
        prints messages as 'messngr listen' does, says so once on standard error, and shows
        notifications again when a service appears. When the daemon stops or restarts it tries
        again after 1 s, doubling to 30 s, and says so once. The repository ships an XDG
        autostart file and a systemd user unit for it (packaging/).
        """,
        AgentOptionTable.All,
        [
            new(ExitCodes.Ok, "stopped by Ctrl-C or SIGTERM"),
            ClientExitCodeList.Usage,
            ClientExitCodeList.Internal,
            ClientExitCodeList.Permission,
            ClientExitCodeList.Config,
        ]);

    public static string Help => Manual.Text;

    public static int Run(IReadOnlyList<string> args) =>
        UntilStopped.Run(token => RunAsync(args, CommandContext.FromConsole(), token));

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled (exit 0), or the daemon refuses it for good (77, 78).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var line = CommandLine.Parse("agent", args, AgentOptionTable.All);
        if (line.Help)
        {
            await context.Out.WriteAsync(Help).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (line.Positional.Count > 0)
        {
            throw new UsageException($"agent: unexpected argument '{ClientText.Line(line.Positional[0])}'");
        }

        return await ClientCommand.RunAsync("agent", context, line.Values, async client =>
        {
            var bus = context.Environment.GetValueOrDefault("DBUS_SESSION_BUS_ADDRESS");
            await using var desktop = new AgentDesktop(bus, new AgentDaemonLink(client), context.Out, context.Error);
            try
            {
                await desktop.StartAsync(cancellationToken).ConfigureAwait(false);
                await StreamAsync(client, desktop, context, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C or SIGTERM
            }

            return ExitCodes.Ok;
        }).ConfigureAwait(false);
    }

    /// <summary>Reads the stream; on an outage waits 1 s, 2 s, 4 s … 30 s between tries, saying so once until it is back.</summary>
    private static async Task StreamAsync(ControlClient client, AgentDesktop desktop, CommandContext context, CancellationToken cancellationToken)
    {
        var wait = FirstRetry;
        var down = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            string reason;
            try
            {
                await foreach (var item in client.ListenDisplayAsync(Display, readEvents: true, cancellationToken, OnSubscribed).ConfigureAwait(false))
                {
                    await desktop.HandleAsync(item, cancellationToken).ConfigureAwait(false);
                }

                reason = $"the daemon on {client.SocketPath} ended the stream (stopped?)";
            }
            catch (ControlClientException ex) when (ex.Failure is ControlFailure.Unavailable or ControlFailure.TimedOut or ControlFailure.TryLater)
            {
                reason = ex.Message;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (!down)
            {
                down = true;
                await context.Error.WriteLineAsync($"messngr agent: {ClientText.Line(reason)}; trying again after 1 s, then up to every {LongestRetry.TotalSeconds:0} s").ConfigureAwait(false);
            }

            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            wait = wait * 2 > LongestRetry ? LongestRetry : wait * 2;
        }

        void OnSubscribed()
        {
            wait = FirstRetry;
            if (down)
            {
                down = false;
                context.Error.WriteLine($"messngr agent: connected to the daemon on {ClientText.Line(client.SocketPath)} again");
            }
        }
    }
}
