namespace Messngr.Daemon.Options;

/// <summary>
/// <c>messngr config check</c> (issue #15, item 5): the config file judged as <c>messngr serve</c>
/// reads it — every key of <c>[global]</c> through the serve loader itself
/// (<see cref="ServeOptionsLoader.LoadFrom"/>) one key at a time, so each bad value is reported,
/// not only the first — plus what serve would pass over or stop at: lines that are not
/// <c>key = value</c>, unknown keys (with the nearest known one when it is close), a key set twice
/// (the last one wins in serve), keys in sections serve never reads. When every key is good on its
/// own, the whole file is loaded once more for what only the keys together can get wrong.
/// </summary>
internal static class ConfigCheck
{
    public const string Section = "global";

    /// <summary>The problems of <paramref name="file"/> (read with <see cref="IniFile.ParseAll"/>), in line order; none when it is valid.</summary>
    public static IReadOnlyList<ConfigProblem> Run(IniFile file, IReadOnlyDictionary<string, string> environment, bool isRoot, Users.UserAccounts? accounts = null)
    {
        accounts ??= new Users.UserAccounts();
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(environment);
        // The file alone: MESSNGR_* variables would hide its values from the loader.
        var plain = environment.Where(e => !e.Key.StartsWith("MESSNGR_", StringComparison.Ordinal)).ToDictionary(StringComparer.Ordinal);
        var noFlags = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = file.SyntaxProblems.Select(p => new ConfigProblem(p.Line, null, null, p.Reason)).ToList();
        var global = new List<IniEntry>();
        foreach (var entry in file.Entries)
        {
            if (!entry.Section.Equals(Section, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new ConfigProblem(entry.Line, entry.Key, entry.Value, $"section [{entry.Section}] is not read by messngr: every key belongs in [global]"));
            }
            else
            {
                global.Add(entry);
            }
        }

        foreach (var group in global.GroupBy(e => IniFile.FoldKey(e.Key)))
        {
            var entries = group.ToList();
            foreach (var repeated in entries.Skip(1))
            {
                problems.Add(new ConfigProblem(repeated.Line, repeated.Key, repeated.Value, $"duplicate key: already set on line {entries[0].Line} (serve uses the last one)"));
            }

            var last = entries[^1];
            if (ServeOptionTable.All.FirstOrDefault(o => IniFile.FoldKey(o.Key) == group.Key) is not { } option)
            {
                problems.Add(new ConfigProblem(last.Line, last.Key, last.Value, Unknown(last.Key)));
                continue;
            }

            try
            {
                ServeOptionsLoader.LoadFrom(noFlags, plain, file.Only(Section, [option.Key]), isRoot);
                // serve looks the accounts up when it starts (exit 78); so does the check.
                if (option.Key is "user" or "hook-user" && last.Value.Trim() is not ("0" or "") && accounts.FindByName(last.Value.Trim()) is null)
                {
                    problems.Add(new ConfigProblem(last.Line, last.Key, last.Value, "not a known account on this host"));
                }
            }
            catch (ArgumentException ex)
            {
                problems.Add(new ConfigProblem(last.Line, last.Key, last.Value, Reason(ex.Message, file.Path, last.Line, option.Key)));
            }
            catch (UnauthorizedAccessException ex)
            {
                problems.Add(new ConfigProblem(last.Line, last.Key, last.Value, ex.Message));
            }
        }

        if (problems.Count == 0)
        {
            try
            {
                ServeOptionsLoader.LoadFrom(noFlags, plain, file, isRoot);
            }
            catch (Exception ex) when (ex is ArgumentException or UnauthorizedAccessException)
            {
                problems.Add(new ConfigProblem(null, null, null, ex.Message));
            }
        }

        return [.. problems.OrderBy(p => p.Line ?? 0)];
    }

    /// <summary>The number of distinct keys in [global].</summary>
    public static int KeyCount(IniFile file) =>
        file.Entries.Where(e => e.Section.Equals(Section, StringComparison.OrdinalIgnoreCase)).Select(e => IniFile.FoldKey(e.Key)).Distinct(StringComparer.Ordinal).Count();

    /// <summary>"unknown key", with "did you mean 'KEY'?" when a known key is at most a few edits away.</summary>
    private static string Unknown(string key)
    {
        var folded = IniFile.FoldKey(key);
        var nearest = ServeOptionTable.All
            .Select(o => (Key: o.Key.Replace('-', ' '), Distance: Distance(folded, IniFile.FoldKey(o.Key))))
            .OrderBy(c => c.Distance).First();
        return nearest.Distance <= Math.Max(2, folded.Length / 4)
            ? $"unknown key; did you mean '{nearest.Key}'?"
            : "unknown key (messngr serve --help lists every key)";
    }

    /// <summary>The loader's message without the "FILE:LINE 'key': " it starts with (the report says where already).</summary>
    private static string Reason(string message, string path, int line, string key)
    {
        var prefix = $"{path}:{line} '{key.Replace('-', ' ')}':";
        return message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..].Trim() : message;
    }

    /// <summary>Levenshtein distance (insertions, deletions, substitutions).</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
