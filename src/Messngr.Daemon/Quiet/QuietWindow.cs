using System.Globalization;

namespace Messngr.Daemon.Quiet;

/// <summary>
/// A user's daily quiet hours (issue #14, item 3): from <see cref="Start"/> (inclusive) to
/// <see cref="End"/> (exclusive), in the daemon's local time zone; a window whose end is before
/// its start runs across midnight (22:00-07:00). Start and end are never equal: an empty or
/// all-day window is said with <c>dnd on</c>, not here.
/// </summary>
internal readonly record struct QuietWindow(TimeOnly Start, TimeOnly End)
{
    /// <summary>Whether <paramref name="time"/> (local wall-clock time) falls inside the window.</summary>
    public bool Contains(TimeOnly time) =>
        Start < End ? time >= Start && time < End : time >= Start || time < End;

    /// <summary>"HH:MM-HH:MM", as <see cref="TryParse"/> reads it.</summary>
    public override string ToString() =>
        Start.ToString("HH:mm", CultureInfo.InvariantCulture) + "-" + End.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Reads "HH:MM-HH:MM" (24-hour clock, 00:00 to 23:59); <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string? text, out QuietWindow window, out string error)
    {
        window = default;
        var parts = (text ?? string.Empty).Trim().Split('-');
        if (parts.Length != 2 || !TryParseTime(parts[0], out var start) || !TryParseTime(parts[1], out var end))
        {
            error = $"quiet hours must be HH:MM-HH:MM on the 24-hour clock, such as 22:00-07:00 (got '{Display.TerminalText.SingleLine(text ?? string.Empty)}')";
            return false;
        }

        if (start == end)
        {
            error = "quiet hours must not start and end at the same time (for all day, use 'messngr dnd on')";
            return false;
        }

        window = new QuietWindow(start, end);
        error = string.Empty;
        return true;
    }

    /// <summary>"H:MM" or "HH:MM".</summary>
    public static bool TryParseTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text.Trim(), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
