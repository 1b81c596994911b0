using System.Text;

namespace Messngr.Cli.Help;

/// <summary>
/// <c>messngr man messngr-send</c>: <c>messngr-send(1)</c>, the page of the one-shot client for
/// scripts (src/messngr-send/messngr-send.c; issue #15, item 8), installed by the Debian package
/// beside /usr/bin/messngr-send. That program has no --help of its own (every option is
/// <c>messngr send</c>'s), so this page says what it adds: when it relays to the daemon, when it
/// becomes <c>messngr</c>, and the three exit codes it can give itself; also its integration forms
/// (<c>--upsmon-notify</c>, <c>--clamav-event</c>, <c>--media-script</c>; issue #15, round 4). README "Start-up for scripts".
/// </summary>
internal static class MessngrSendManPage
{
    public static string For(string version)
    {
        var sb = new StringBuilder();
        sb.Append(FormattableString.Invariant($".TH MESSNGR\\-SEND 1 \"\" \"messngr {ManPage.Escape(version)}\" \"messngr manual\"\n"));
        sb.Append(".SH NAME\nmessngr\\-send \\- send a message from a script, through the running messngr daemon\n");
        sb.Append(".SH SYNOPSIS\n.nf\n");
        sb.Append("\\fBmessngr\\-send\\fR \\fIRECIPIENT\\fR \\fITEXT\\fR...\n");
        sb.Append("\\fBmessngr\\-send \\-\\-alert\\fR \\fITEXT\\fR...\n");
        sb.Append("\\fBmessngr\\-send\\fR [\\fIOPTIONS\\fR of \\fBmessngr send\\fR] \\fIRECIPIENT\\fR [\\fITEXT\\fR...]\n");
        sb.Append("\\fBmessngr\\-send \\-\\-alert\\fR [\\fIOPTIONS\\fR of \\fBmessngr alert\\fR] [\\fITEXT\\fR...]\n");
        sb.Append("\\fBmessngr\\-send \\-\\-upsmon\\-notify\\fR [\\fIOPTIONS\\fR] \\fIMESSAGE\\fR\n");
        sb.Append("\\fBmessngr\\-send \\-\\-clamav\\-event\\fR [\\fIOPTIONS\\fR]\n");
        sb.Append("\\fBmessngr\\-send \\-\\-media\\-script\\fR [\\fIOPTIONS\\fR] \\fITO\\fR \\fISUBJECT\\fR \\fIMESSAGE\\fR\n");
        sb.Append(".fi\n");
        sb.Append(".SH DESCRIPTION\n");
        sb.Append("\\fBmessngr\\-send\\fR \\fIARGS\\fR is \\fBmessngr send\\fR \\fIARGS\\fR, and \\fBmessngr\\-send \\-\\-alert\\fR \\fIARGS\\fR ");
        sb.Append("is \\fBmessngr alert\\fR \\fIARGS\\fR (\\fB\\-\\-alert\\fR must be the first argument): the same options, ");
        sb.Append("result lines and exit codes. It is made for callers that start a sender once per event (NUT, ClamAV, ");
        sb.Append("monitoring media scripts, systemd OnFailure= units, cron jobs): it starts about as fast as a program can.\n");
        sb.Append(".PP\nThe plain forms \\(em no option, the text on the command line, a recipient that does not start with ");
        sb.Append("\\fB\\-\\fR, \\fB/\\fR or \\fB@\\fR, and no \\fBMESSNGR_*\\fR variable but \\fBMESSNGR_STATE_DIR\\fR \\(em ");
        sb.Append("are handed to the running \\fBmessngr serve\\fR over its control socket. The daemon sends exactly as ");
        sb.Append("\\fBmessngr send\\fR would, as the calling user (the sender is the login name of the socket's peer ");
        sb.Append("credentials, never \\fB$USER\\fR), and answers the result lines and exit code, which are printed unchanged. ");
        sb.Append("With \\fB\\-\\-alert\\fR the daemon's \\fBalert names\\fR receive it, at priority high.\n");
        sb.Append(".PP\n\\fBmessngr\\-send \\-\\-upsmon\\-notify\\fR, \\fB\\-\\-clamav\\-event\\fR and \\fB\\-\\-media\\-script\\fR ");
        sb.Append("\\fIARGS\\fR are \\fBmessngr \\%upsmon\\-notify\\fR, \\fBclamav\\-event\\fR and \\fBmedia\\-script\\fR \\fIARGS\\fR ");
        sb.Append("(NUT upsmon's NOTIFYCMD, clamd's \\%VirusEvent, Zabbix and Nagios media scripts; the flag must be the first argument). ");
        sb.Append("Exactly the integration's own arguments after the flag (\\fIMESSAGE\\fR; none; \\fITO SUBJECT MESSAGE\\fR), ");
        sb.Append("taken as they are whatever they start with, are handed to the daemon with only the variables that integration ");
        sb.Append("reads; the daemon maps them to an alert with the same code as the \\fBmessngr\\fR command and sends it as the ");
        sb.Append("caller. With options, \\fB\\-\\-help\\fR or another number of arguments the \\fBmessngr\\fR command is executed.\n");
        sb.Append(".PP\nEvery other command line, and a plain one when no daemon answers or the daemon refuses the request ");
        sb.Append("before sending, is executed as \\fBmessngr send\\fR (or \\fBmessngr alert\\fR, or the integration's command) by the \\fBmessngr\\fR in the ");
        sb.Append("same directory (\\fBexecv\\fR(2)), so its input, output, errors and exit code are those of \\fBmessngr\\fR.\n");
        sb.Append(".PP\nNothing is sent twice: once the daemon has the request, an answer that breaks off or makes no sense ");
        sb.Append("is reported and never followed by a second attempt.\n");
        sb.Append(".SH ENVIRONMENT\n");
        sb.Append(".TP\n.B MESSNGR_STATE_DIR\nthe state directory whose control.sock is used (absolute); a relative one is left to \\fBmessngr\\fR\n");
        sb.Append(".TP\n.B XDG_STATE_HOME\\fR, \\fBHOME\nfor a user other than root, the user's own daemon: \\fI$XDG_STATE_HOME/messngr\\fR or ");
        sb.Append("\\fI~/.local/state/messngr\\fR; when it has no control.sock, the system daemon's\n");
        sb.Append(".TP\n.B NOTIFYTYPE\\fR, \\fBUPSNAME\nwith \\fB\\-\\-upsmon\\-notify\\fR, handed to the daemon when set\n");
        sb.Append(".TP\n.B CLAM_VIRUSEVENT_FILENAME\\fR, \\fBCLAM_VIRUSEVENT_VIRUSNAME\nwith \\fB\\-\\-clamav\\-event\\fR, handed to the daemon when set\n");
        sb.Append(".SH FILES\n");
        sb.Append(".TP\n.I /var/lib/messngr/control.sock\nthe system daemon's control socket (root's, and other users' without a daemon of their own)\n");
        sb.Append(".TP\n.I /etc/messngr/messngr.conf\nwhen it sets \\fBstate dir\\fR, \\fBmessngr\\fR itself finds the socket (the command is executed)\n");
        sb.Append(".SH EXIT STATUS\n");
        sb.Append("Those of \\fBmessngr send\\fR (or \\fBmessngr alert\\fR, or the integration's command), as the daemon or \\fBmessngr\\fR gives them; ");
        sb.Append("after the daemon took the request, also:\n");
        sb.Append(".TP\n.B 69\nthe daemon's answer broke off (or \\fBmessngr\\fR cannot be found or executed)\n");
        sb.Append(".TP\n.B 76\nthe daemon's answer makes no sense (malformed or over 1 MiB)\n");
        sb.Append(".TP\n.B 75\nno answer within 2 minutes\n");
        sb.Append(".PP\nAfter 69, 76 or 75 the message may have been sent: \\fBmessngr sent\\fR shows it.\n");
        sb.Append(".SH EXAMPLES\n.nf\n");
        sb.Append("messngr\\-send HOSTC@10.0.0.7 backup done\n");
        sb.Append("messngr\\-send \\-\\-alert UPS on battery\n");
        sb.Append("messngr\\-send \\-\\-alert \\-\\-to OPS \\-\\-priority critical \\-\\- disk full\n");
        sb.Append("NOTIFYCMD \"/usr/bin/messngr\\-send \\-\\-upsmon\\-notify\"          (upsmon.conf)\n");
        sb.Append("VirusEvent /usr/bin/messngr\\-send \\-\\-clamav\\-event          (clamd.conf)\n");
        sb.Append("messngr\\-send \\-\\-media\\-script OPS \"PROBLEM: disk full on db1\" \"free 2%\"\n");
        sb.Append(".fi\n");
        sb.Append(".SH SEE ALSO\n\\fBmessngr\\fR(1), \\fBmessngr.conf\\fR(5), \\fBupsmon.conf\\fR(5), \\fBclamd.conf\\fR(5)\n");
        return sb.ToString();
    }
}
