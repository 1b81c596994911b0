using System.Text;

namespace Messngr.Daemon.Sinks;

/// <summary>
/// Splits the <c>hook</c> option into an argv the way a simple shell word splitter would, but
/// without a shell: words separated by blanks; '…' keeps everything literally; "…" keeps
/// blanks and honours \" and \\; outside quotes a backslash escapes the next character. No
/// variables, globs, %-substitutions or command substitution exist — the program is executed
/// directly. The program must be an absolute path (no PATH search).
/// </summary>
internal static class HookCommandLine
{
    public static IReadOnlyList<string> Split(string commandLine, string key = "hook")
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            switch (c)
            {
                case ' ' or '\t':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }

                    break;
                case '\'':
                    var close = commandLine.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw Invalid(key, commandLine, "an unterminated ' quote");
                    }

                    word.Append(commandLine, i + 1, close - i - 1);
                    i = close;
                    inWord = true;
                    break;
                case '"':
                    i = ReadDoubleQuoted(commandLine, i + 1, word, key);
                    inWord = true;
                    break;
                case '\\':
                    if (i + 1 >= commandLine.Length)
                    {
                        throw Invalid(key, commandLine, "a trailing backslash");
                    }

                    word.Append(commandLine[++i]);
                    inWord = true;
                    break;
                default:
                    if (char.IsControl(c))
                    {
                        throw Invalid(key, commandLine, "a control character");
                    }

                    word.Append(c);
                    inWord = true;
                    break;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        if (words.Count == 0 || !Path.IsPathFullyQualified(words[0]))
        {
            throw Invalid(key, commandLine, "no absolute program path as its first word");
        }

        return words;
    }

    private static int ReadDoubleQuoted(string s, int i, StringBuilder word, string key)
    {
        for (; i < s.Length; i++)
        {
            if (s[i] == '"')
            {
                return i;
            }

            if (s[i] == '\\' && i + 1 < s.Length && s[i + 1] is '"' or '\\')
            {
                i++;
            }

            word.Append(s[i]);
        }

        throw Invalid(key, s, "an unterminated \" quote");
    }

    private static ArgumentException Invalid(string key, string value, string problem) =>
        new($"{key} = '{value}' has {problem}", key);
}
