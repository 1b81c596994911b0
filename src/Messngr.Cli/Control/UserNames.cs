namespace Messngr.Cli.Control;

/// <summary>
/// Login names for uids, from <c>/etc/passwd</c> (passwd(5): <c>name:password:uid:gid:…</c>), for
/// the Owner column. A uid without an entry (another NSS source, a container) is shown as its number.
/// The file is read at the first <see cref="Describe"/>, so commands that show no owner never read it.
/// </summary>
internal sealed class UserNames
{
    private readonly Lazy<Dictionary<uint, string>> _names;

    public UserNames(Dictionary<uint, string> names) => _names = new(names);

    private UserNames(Func<Dictionary<uint, string>> read) => _names = new(read, LazyThreadSafetyMode.ExecutionAndPublication);

    public static UserNames FromPasswd(string path = "/etc/passwd") => new(() => Read(path));

    private static Dictionary<uint, string> Read(string path)
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

        return names;
    }

    public string Describe(uint? uid) =>
        uid is not { } u ? "-" : _names.Value.TryGetValue(u, out var name) ? name : u.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
