using System.Text;
using Messngr.Daemon.Options;

namespace Messngr.Cli.Help;

/// <summary>
/// <c>messngr man messngr.conf</c>: <c>messngr.conf(5)</c> made from <see cref="ServeOptionTable"/>,
/// the table the loader, serve's --help and the README's options table are made from (issue #15,
/// item 7), so every key is documented the day it exists.
/// </summary>
internal static class ConfigManPage
{
    public static string For(string version)
    {
        var sb = new StringBuilder();
        sb.Append(FormattableString.Invariant($".TH MESSNGR.CONF 5 \"\" \"messngr {ManPage.Escape(version)}\" \"messngr manual\"\n"));
        sb.Append(".SH NAME\nmessngr.conf \\- configuration of the messngr Messenger Service\n");
        sb.Append(".SH SYNOPSIS\n").Append(ManPage.Line(ServeOptionsLoader.DefaultConfigPath)).Append('\n');
        sb.Append(".SH DESCRIPTION\n");
        sb.Append("The file is read by \\fBmessngr serve\\fR and by the client commands that need one of its keys ");
        sb.Append("(\\fBsend\\fR, \\fBalert\\fR, \\fBlookup\\fR ...). Another file is named with \\fB\\-\\-config\\fR \\fIFILE\\fR or \\fBMESSNGR_CONFIG\\fR.\n");
        sb.Append(".PP\nThe format is that of \\fBsmb.conf\\fR(5): \\fIkey\\fR = \\fIvalue\\fR lines in the \\fB[global]\\fR section ");
        sb.Append("(lines before any section header belong to it); a line starting with \\fB#\\fR or \\fB;\\fR is a comment. ");
        sb.Append("Keys are case\\-insensitive, and spaces, dashes and nothing between their words are one key: ");
        sb.Append("\\fBnetbios name\\fR, \\fBnetbios\\-name\\fR and \\fBnetbiosname\\fR are the same.\n");
        sb.Append(".PP\nA yes/no key takes \\fByes\\fR or \\fBno\\fR. A key set here is overridden by its environment variable, ");
        sb.Append("which is overridden by its command line option: defaults < this file < \\fBMESSNGR_\\fR\\fIKEY\\fR < \\fB\\-\\-\\fR\\fIkey\\fR. ");
        sb.Append("An invalid value is an error that names the file, the line and the key; \\fBmessngr serve\\fR then exits with status 78.\n");
        sb.Append(".SH PARAMETERS\n");
        foreach (var option in ServeOptionTable.All)
        {
            var value = option.IsSwitch ? "yes|no" : option.Value!;
            sb.Append(".TP\n").Append(FormattableString.Invariant($"\\fB{ManPage.Escape(option.FileKey)}\\fR = \\fI{ManPage.Escape(value)}\\fR\n"));
            sb.Append(ManPage.Line(option.Help)).Append('\n');
            sb.Append(".br\n").Append(ManPage.Line("Default: " + option.Default)).Append('\n');
            sb.Append(".br\n").Append(ManPage.Line($"Environment: {option.EnvironmentName}; command line: --{option.Key}" + (option.IsSwitch ? $", --no-{option.Key}" : $" {option.Value}"))).Append('\n');
        }

        sb.Append(".SH EXAMPLE\n.nf\n[global]\n    netbios name = OFFICE1\n    workgroup = LAB\n    allow = 10.0.0.0/8, 192.168.1.0/24\n    alert names = ADMIN, OPS\n.fi\n");
        sb.Append(".SH FILES\n.TP\n.I /etc/messngr/messngr.conf\nthe file; the Debian package installs it with every key commented out at its default\n");
        sb.Append(".SH SEE ALSO\n\\fBmessngr\\fR(1), \\fBsmb.conf\\fR(5)\n");
        return sb.ToString();
    }
}
