using System.Text;

namespace Messngr.Cli.Help;

/// <summary>
/// <c>messngr man messngr</c>: <c>messngr(1)</c>, one page for every command (issue #15, item 7),
/// installed by the Debian package as /usr/share/man/man1/messngr.1.gz. Each command's section is
/// the body of its own page (<see cref="ManPage.AppendBody"/>), so the two cannot disagree.
/// </summary>
internal static class MessngrManPage
{
    public static string For(string version)
    {
        var sb = new StringBuilder();
        sb.Append(FormattableString.Invariant($".TH MESSNGR 1 \"\" \"messngr {ManPage.Escape(version)}\" \"messngr manual\"\n"));
        sb.Append(".SH NAME\nmessngr \\- the Messenger Service for Linux: net send, smbclient \\-M and native messages\n");
        sb.Append(".SH SYNOPSIS\n.nf\nmessngr COMMAND [OPTIONS]\nmessngr help [COMMAND]\nmessngr COMMAND \\-\\-help\n.fi\n");
        sb.Append(".SH DESCRIPTION\n");
        sb.Append("messngr receives and sends the classic Messenger Service messages (NetBIOS name, datagram and session services, [MS\\-MSRP] RPC) ");
        sb.Append("and messngr's own TLS 1.3 native messages. \\fBmessngr serve\\fR is the daemon; the other commands are its clients. ");
        sb.Append("Each command is described below, as \\fBmessngr help\\fR \\fICOMMAND\\fR shows it.\n");
        sb.Append(".SH COMMANDS\n");
        foreach (var command in CommandCatalog.All)
        {
            sb.Append(".TP\n").Append(FormattableString.Invariant($"\\fB{ManPage.Escape(command.Name)}\\fR\n")).Append(ManPage.Line(command.Help.Summary)).Append('\n');
        }

        foreach (var (name, summary) in CommandCatalog.Others)
        {
            sb.Append(".TP\n").Append(FormattableString.Invariant($"\\fB{ManPage.Escape(name)}\\fR\n")).Append(ManPage.Line(summary)).Append('\n');
        }

        foreach (var command in CommandCatalog.All)
        {
            sb.Append(FormattableString.Invariant($".SH \"MESSNGR {ManPage.Escape(command.Name.ToUpperInvariant())}\"\n"));
            sb.Append(".PP\n").Append(ManPage.Line(command.Help.Summary)).Append('\n');
            ManPage.AppendBody(sb, command.Help, ".SS");
        }

        sb.Append(".SH FILES\n");
        sb.Append(".TP\n.I /etc/messngr/messngr.conf\nthe configuration, read by serve and the client commands; see \\fBmessngr.conf\\fR(5)\n");
        sb.Append(".TP\n.I /var/lib/messngr\nthe system daemon's state directory: its message store, node key and control socket (control.sock)\n");
        sb.Append(".SH SEE ALSO\n\\fBmessngr.conf\\fR(5), \\fBsmbclient\\fR(1), \\fBnmblookup\\fR(1), \\fBsystemd.service\\fR(5)\n");
        return sb.ToString();
    }
}
