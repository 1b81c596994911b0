namespace Messngr.Daemon.Sinks;

/// <summary>
/// Turns a utmp ut_line into a device path, refusing anything that is not a plain terminal
/// name: <c>pts/N</c> (N decimal) or a single name of letters and digits (<c>tty1</c>,
/// <c>ttyS0</c>, <c>console</c>, <c>hvc0</c>). No "..", no other "/", no X display lines
/// (":0"). The result must lie directly under the device root; the sink then checks on the open
/// descriptor that it is a terminal.
/// </summary>
internal static class TtyLine
{
    private const int MaxLength = 32; // sizeof(ut_line)

    public static bool TryGetDevicePath(string deviceRoot, string line, out string path)
    {
        path = string.Empty;
        if (!IsValid(line))
        {
            return false;
        }

        var root = Path.GetFullPath(deviceRoot).TrimEnd('/') + "/";
        var full = Path.GetFullPath(root + line);
        if (!full.StartsWith(root, StringComparison.Ordinal))
        {
            return false;
        }

        path = full;
        return true;
    }

    public static bool IsValid(string line)
    {
        if (line.Length is 0 or > MaxLength)
        {
            return false;
        }

        if (line.StartsWith("pts/", StringComparison.Ordinal))
        {
            var number = line.AsSpan(4);
            return number.Length is > 0 and <= 7 && AllAscii(number, char.IsAsciiDigit);
        }

        return char.IsAsciiLetter(line[0]) && AllAscii(line, char.IsAsciiLetterOrDigit);
    }

    private static bool AllAscii(ReadOnlySpan<char> text, Func<char, bool> allowed)
    {
        foreach (var c in text)
        {
            if (!allowed(c))
            {
                return false;
            }
        }

        return true;
    }
}
