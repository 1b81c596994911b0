namespace Messngr.Daemon.Options;

/// <summary>
/// smb.conf-like INI: <c>[section]</c> headers, <c>key = value</c> lines, <c>#</c> and <c>;</c>
/// comments. Keys are case-insensitive and may contain spaces ("netbios name"), which are
/// folded so that <c>netbios name</c>, <c>netbios-name</c> and <c>netbiosname</c> are one key.
/// </summary>
internal sealed class IniFile
{
    private readonly Dictionary<string, Dictionary<string, (string Value, int Line)>> _sections = new(StringComparer.OrdinalIgnoreCase);

    private readonly List<IniEntry> _entries = [];
    private readonly List<(int Line, string Reason)> _syntaxProblems = [];

    public string Path { get; }

    private IniFile(string path) => Path = path;

    public static IniFile Parse(string path, string text) => Parse(path, text, lenient: false);

    /// <summary>
    /// As <see cref="Parse(string, string)"/>, but a line that is neither a section header nor
    /// <c>key = value</c> is recorded in <see cref="SyntaxProblems"/> and skipped (<c>messngr config check</c>).
    /// </summary>
    public static IniFile ParseAll(string path, string text) => Parse(path, text, lenient: true);

    private static IniFile Parse(string path, string text, bool lenient)
    {
        var file = new IniFile(path);
        var sectionName = "global";
        var section = file.Section(sectionName);
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            string? problem = null;
            if (line[0] == '[')
            {
                if (line.EndsWith(']'))
                {
                    sectionName = line[1..^1].Trim();
                    section = file.Section(sectionName);
                    continue;
                }

                problem = $"section header '{line}' lacks ']'";
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (problem is null && equals <= 0)
            {
                problem = $"expected 'key = value', got '{line}'";
            }

            if (problem is not null)
            {
                if (!lenient)
                {
                    throw new ArgumentException($"{path}:{lineNumber}: {problem}");
                }

                file._syntaxProblems.Add((lineNumber, problem));
                continue;
            }

            var value = line[(equals + 1)..].Trim();
            section[FoldKey(line[..equals])] = (value, lineNumber);
            file._entries.Add(new IniEntry(sectionName, line[..equals].Trim(), value, lineNumber));
        }

        return file;
    }

    /// <summary>Every <c>key = value</c> line in file order, repeated keys included.</summary>
    public IReadOnlyList<IniEntry> Entries => _entries;

    /// <summary>Lines <see cref="ParseAll"/> skipped, with the reason.</summary>
    public IReadOnlyList<(int Line, string Reason)> SyntaxProblems => _syntaxProblems;

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
