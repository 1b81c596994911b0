using Messngr.Cli.Control;
using Messngr.Cli.Help;
using Messngr.Cli.Integrations;
using Messngr.Cli.Options;
using Messngr.Daemon.Integrations;

namespace Messngr.Cli.Commands;

/// <summary><c>messngr media-script TO SUBJECT MESSAGE</c>: a Zabbix media type script or a Nagios notification command (issue #15, item 4).</summary>
internal static class MediaScriptCommand
{
    public static readonly CommandHelp Manual = new(
        "media-script",
        "Zabbix/Nagios media script: alert TO (or the alert names) with SUBJECT and MESSAGE",
        "usage: messngr media-script [OPTIONS] TO SUBJECT MESSAGE",
        """
        The three arguments of a Zabbix script media type ({ALERT.SENDTO} {ALERT.SUBJECT}
        {ALERT.MESSAGE}) or of a Nagios notification command, in that order, always the last
        three. TO is a comma or space separated list of recipients as 'messngr send' takes them;
        empty: the alert names. The message is SUBJECT, a new line, then MESSAGE. A subject that
        starts with PROBLEM or "Updated problem" is high priority (critical when it says
        CRITICAL, DISASTER or DOWN); RECOVERY, Resolved, OK and every other subject normal. A
        problem and its recovery share the correlation key mon:WHAT, WHAT being the subject less
        its kind and its final "is STATE" (Zabbix "Problem: X" / "Resolved: X"; Nagios "** PROBLEM
        Service Alert: H/S is CRITICAL **" / "** RECOVERY Service Alert: H/S is OK **"), so the
        recovery replaces the problem.
        """,
        AlertOptionTable.All,
        IntegrationRunner.ExitCodes);

    public static int Run(IReadOnlyList<string> args) =>
        RunAsync(args, CommandContext.FromConsole(), CancellationToken.None).GetAwaiter().GetResult();

    public static Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken) =>
        IntegrationRunner.RunAsync(Manual, args, RelayedIntegrations.MediaScript, context, cancellationToken);

    /// <summary>The alert of TO SUBJECT MESSAGE (the daemon's <see cref="MediaScriptAlert"/>, shared with messngr-send's relay).</summary>
    internal static IntegrationAlert Alert(string to, string subject, string message) => MediaScriptAlert.From(to, subject, message);
}
