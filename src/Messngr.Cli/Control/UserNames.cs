namespace Messngr.Cli.Control;

/// <summary>
/// Login names for uids, from <c>/etc/passwd</c> (passwd(5): <c>name:password:uid:gid:…</c>), for
/// the Owner column. A uid without an entry (another NSS source, a container) is shown as its number.
/// </summary>
internal sealed class UserNames
{
    private readonly Dictionary<uint, string> _names;

    public UserNames(Dictionary<uint, string> names) => _names = names;

    public static UserNames FromPasswd(string path = "/etc/passwd")
    {
        var names = new Dictionary<uint, string>();
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                var fields = line.Split(':');
                if (fields.Length >= 3 && uint.TryParse(fields[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var uid))
                {
                    names.TryAdd(uid, fields[0]);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // numbers only
        }

        return new UserNames(names);
    }

    public string Describe(uint? uid) =>
        uid is not { } u ? "-" : _names.TryGetValue(u, out var name) ? name : u.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
