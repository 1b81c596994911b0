using System.Text;
using Messngr.Daemon.Options;

namespace Messngr.Cli.Help;

/// <summary>
/// <c>messngr default-config</c>: the commented /etc/messngr/messngr.conf the Debian package installs
/// (issue #15, item 7), made from <see cref="ServeOptionTable"/> so it lists every key. Each key is
/// commented out: a default that is a value (<c>workgroup = WORKGROUP</c>) is written as that value,
/// so uncommenting it changes nothing; one described in words ("host name, upper-cased") shows the
/// key's placeholder and the words.
/// </summary>
internal static class DefaultConfigFile
{
    public static string Text()
    {
        var sb = new StringBuilder();
        sb.Append("# /etc/messngr/messngr.conf: the messngr Messenger Service (messngr serve) and its client commands.\n");
        sb.Append("# smb.conf-like: 'key = value' lines in [global]; '#' and ';' start comments. See messngr.conf(5).\n");
        sb.Append("# Every key is listed with its default, commented out. MESSNGR_* variables and --options override this file.\n");
        sb.Append("# After a change: systemctl restart messngr\n\n");
        sb.Append("[global]\n");
        foreach (var option in ServeOptionTable.All)
        {
            sb.Append('\n').Append("# ").Append(option.Help).Append('\n');
            if (IsValue(option.Default))
            {
                sb.Append(";   ").Append(option.FileKey).Append(" = ").Append(option.Default).Append('\n');
            }
            else
            {
                sb.Append("# default: ").Append(option.Default).Append('\n');
                sb.Append(";   ").Append(option.FileKey).Append(" = ").Append(option.IsSwitch ? "yes|no" : option.Value).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>A default written as a value the loader takes (one word, not "none"), not described in words.</summary>
    public static bool IsValue(string defaultText) =>
        defaultText.Length > 0 && !defaultText.Contains(' ', StringComparison.Ordinal) && !defaultText.Contains(',', StringComparison.Ordinal) && defaultText != "none";
}
