namespace Messngr.Daemon.Privileges;

/// <summary>
/// Looks a group's id up in group(5) (<c>name:password:GID:members</c>). Only what the privilege
/// drop needs: the <c>tty</c> group, whose members may write to terminals (mode 0620, as
/// write(1) and wall(1) rely on). The file is read with a size bound; a malformed line is skipped.
/// </summary>
internal static class GroupFile
{
    public const string DefaultPath = "/etc/group";

    private const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>The gid of <paramref name="name"/>, or null when the file or the group is missing.</summary>
    public static uint? FindGid(string name, string path = DefaultPath)
    {
        string text;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxBytes)
            {
                return null;
            }

            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        foreach (var line in text.Split('\n'))
        {
            var fields = line.Split(':');
            if (fields.Length >= 3 && fields[0] == name
                && uint.TryParse(fields[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var gid))
            {
                return gid;
            }
        }

        return null;
    }
}
