namespace Messngr.Daemon.Options;

/// <summary>
/// smb.conf-like INI: <c>[section]</c> headers, <c>key = value</c> lines, <c>#</c> and <c>;</c>
/// comments. Keys are case-insensitive and may contain spaces ("netbios name"), which are
/// folded so that <c>netbios name</c>, <c>netbios-name</c> and <c>netbiosname</c> are one key.
/// </summary>
internal sealed class IniFile
{
    private readonly Dictionary<string, Dictionary<string, (string Value, int Line)>> _sections = new(StringComparer.OrdinalIgnoreCase);

    public string Path { get; }

    private IniFile(string path) => Path = path;

    public static IniFile Parse(string path, string text)
    {
        var file = new IniFile(path);
        var section = file.Section("global");
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                if (!line.EndsWith(']'))
                {
                    throw new ArgumentException($"{path}:{lineNumber}: section header '{line}' lacks ']'");
                }

                section = file.Section(line[1..^1].Trim());
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"{path}:{lineNumber}: expected 'key = value', got '{line}'");
            }

            section[FoldKey(line[..equals])] = (line[(equals + 1)..].Trim(), lineNumber);
        }

        return file;
    }

    public static IniFile Load(string path) => Parse(path, File.ReadAllText(path));

    public static IniFile Empty(string path) => new(path);

    /// <summary>The value of <paramref name="key"/> in <paramref name="section"/>, or null.</summary>
    public string? Get(string section, string key) =>
        _sections.TryGetValue(section, out var values) && values.TryGetValue(FoldKey(key), out var v) ? v.Value : null;

    /// <summary>Where a key was set, for error messages: "/etc/messngr/messngr.conf:12".</summary>
    public string Where(string section, string key) =>
        _sections.TryGetValue(section, out var values) && values.TryGetValue(FoldKey(key), out var v) ? $"{Path}:{v.Line}" : Path;

    public IEnumerable<string> Keys(string section) =>
        _sections.TryGetValue(section, out var values) ? values.Keys : [];

    /// <summary>A copy holding only <paramref name="keys"/> of <paramref name="section"/> (with their line numbers for errors).</summary>
    public IniFile Only(string section, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var copy = new IniFile(Path);
        if (_sections.TryGetValue(section, out var values))
        {
            var kept = copy.Section(section);
            foreach (var key in keys.Select(FoldKey))
            {
                if (values.TryGetValue(key, out var value))
                {
                    kept[key] = value;
                }
            }
        }

        return copy;
    }

    public static string FoldKey(string key) => key.Trim().Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    private Dictionary<string, (string Value, int Line)> Section(string name)
    {
        if (!_sections.TryGetValue(name, out var values))
        {
            values = new Dictionary<string, (string, int)>(StringComparer.OrdinalIgnoreCase);
            _sections[name] = values;
        }

        return values;
    }
}
