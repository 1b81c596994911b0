namespace Messngr.Daemon.Sinks;

/// <summary>
/// Turns a utmp ut_line into a device path, accepting only terminal names on an allow-list:
/// <c>pts/N</c> (pseudo-terminals), <c>ttyN</c> (virtual consoles), <c>ttySN</c>, <c>ttyUSBN</c>,
/// <c>ttyACMN</c>, <c>ttyAMAN</c> (serial lines) and <c>hvcN</c> (hypervisor consoles), N decimal.
/// Everything else is refused before any open: "..", other "/", X display lines (":0"), bare
/// <c>tty</c> (the daemon's own controlling terminal), <c>console</c>, <c>null</c> and every other
/// device name (issue #10, item 4). The result must lie directly under the device root; the sink
/// then checks on the open descriptor that it is a character device, a terminal and owned by
/// the recipient.
/// </summary>
internal static class TtyLine
{
    private const int MaxLength = 32; // sizeof(ut_line)

    private const int MaxDigits = 7;

    private static readonly string[] Prefixes = ["pts/", "ttyUSB", "ttyACM", "ttyAMA", "ttyS", "tty", "hvc"];

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

        foreach (var prefix in Prefixes)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                var number = line.AsSpan(prefix.Length);
                return number.Length is > 0 and <= MaxDigits && AllAsciiDigits(number);
            }
        }

        return false;
    }

    private static bool AllAsciiDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
