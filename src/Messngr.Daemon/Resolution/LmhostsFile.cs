using System.Globalization;
using System.Net;
using System.Text;
using Messngr.Wire.NetBios;

namespace Messngr.Daemon.Resolution;

/// <summary>
/// An lmhosts file in Samba's format (<c>source3/libsmb/namequery.c</c> <c>getlmhostsent</c>,
/// <c>lmhosts(5)</c>). Grammar, one entry per line:
/// <c>IPV4-ADDRESS WS NAME["#"HEX-SUFFIX] [WS TAG...]</c> where NAME may be "double quoted" to hold
/// spaces; lines starting with <c>#</c> and blank lines are comments; trailing tags such as
/// <c>#PRE</c> and <c>#DOM:NAME</c> are ignored. A bad line is skipped with a problem line; at most
/// <see cref="MaxBytes"/> of the file are read.
/// </summary>
internal sealed class LmhostsFile
{
    /// <summary>Bytes read at most: a bigger file is truncated there (lmhosts files are a few lines).</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>Problem lines kept at most; the rest are counted.</summary>
    public const int MaxProblems = 5;

    private LmhostsFile(string source, IReadOnlyList<LmhostsEntry> entries, IReadOnlyList<string> problems)
    {
        Source = source;
        Entries = entries;
        Problems = problems;
    }

    /// <summary>The path (or "-") the entries came from.</summary>
    public string Source { get; }

    public IReadOnlyList<LmhostsEntry> Entries { get; }

    /// <summary>One line per skipped line (the first <see cref="MaxProblems"/>), a count of the rest, a note when truncated.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Reads <paramref name="path"/>; null when it does not exist. I/O errors propagate.</summary>
    public static LmhostsFile? Load(string path, Encoding? oem = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var buffer = new byte[MaxBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        var truncated = total > MaxBytes;
        var text = Encoding.UTF8.GetString(buffer, 0, Math.Min(total, MaxBytes));
        return Parse(text, path, oem, truncated);
    }

    public static LmhostsFile Parse(string text, string source, Encoding? oem = null, bool truncated = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        if (text.Length > MaxBytes)
        {
            text = text[..MaxBytes];
            truncated = true;
        }

        if (truncated)
        {
            // The last line was probably cut in half.
            var lastBreak = text.LastIndexOf('\n');
            text = lastBreak < 0 ? string.Empty : text[..lastBreak];
        }

        var entries = new List<LmhostsEntry>();
        var problems = new List<string>();
        var skipped = 0;
        var number = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            number++;
            var error = ParseLine(rawLine.TrimEnd('\r'), number, oem, out var entry);
            if (entry is not null)
            {
                entries.Add(entry);
            }
            else if (error is not null)
            {
                skipped++;
                if (problems.Count < MaxProblems)
                {
                    problems.Add($"{source} line {number}: {error}, skipped");
                }
            }
        }

        if (skipped > MaxProblems)
        {
            problems.Add($"{source}: {skipped - MaxProblems} more bad lines skipped");
        }

        if (truncated)
        {
            problems.Add($"{source}: larger than {MaxBytes / 1024} KiB, the rest was not read");
        }

        return new LmhostsFile(source, entries, problems);
    }

    /// <summary>Addresses of every matching entry, in file order, without duplicates.</summary>
    public IReadOnlyList<IPAddress> Find(NetBiosName name) =>
        Entries.Where(e => e.Matches(name)).Select(e => e.Address).Distinct().ToList();

    /// <summary>Null error and null entry = comment or blank line.</summary>
    private static string? ParseLine(string line, int number, Encoding? oem, out LmhostsEntry? entry)
    {
        entry = null;
        var tokens = Tokenize(line, out var unterminated);
        if (tokens.Count == 0 || tokens[0].StartsWith('#'))
        {
            return null;
        }

        if (unterminated)
        {
            return "unterminated quote";
        }

        if (tokens.Count < 2)
        {
            return "no name after the address";
        }

        if (!LiteralAddress.TryParse(tokens[0], out var address))
        {
            return $"'{Clip(tokens[0])}' is not an IPv4 address";
        }

        var name = tokens[1];
        var anySuffix = true;
        byte suffix = 0;
        var hash = name.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            var hex = name[(hash + 1)..];
            if (hex.Length is 0 or > 2 || !byte.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out suffix))
            {
                return $"'{Clip(name)}' has a bad #suffix (want 1-2 hex digits)";
            }

            anySuffix = false;
            name = name[..hash];
        }

        if (name.Length is 0 or > NetBiosName.MaxNameLength || name == "*")
        {
            return $"'{Clip(name)}' is not a NetBIOS name (1-15 characters)";
        }

        try
        {
            entry = new LmhostsEntry(address, NetBiosName.Create(name, suffix, oem), anySuffix, number);
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Splits on blanks; "double quotes" group a token (Samba <c>next_token</c>).</summary>
    private static List<string> Tokenize(string line, out bool unterminated)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var inToken = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
                inToken = true;
            }
            else if (!quoted && c is ' ' or '\t')
            {
                if (inToken)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                    inToken = false;
                }
            }
            else
            {
                current.Append(c);
                inToken = true;
            }
        }

        if (inToken)
        {
            tokens.Add(current.ToString());
        }

        unterminated = quoted;
        return tokens;
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
