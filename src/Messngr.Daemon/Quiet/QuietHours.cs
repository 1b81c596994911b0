using System.Globalization;

namespace Messngr.Daemon.Quiet;

/// <summary>
/// Who is quiet now (issue #14, item 3): each user's <see cref="QuietSettings"/> from the
/// <see cref="QuietSettingsStore"/>, read against one clock and the daemon's local time zone, so
/// the control API, the terminal and the display streams agree (and tests can move the clock).
/// </summary>
internal sealed class QuietHours
{
    /// <summary>Furthest ahead <c>dnd until</c> may reach: a year (a mistyped year should not silence someone for ever).</summary>
    public static readonly TimeSpan MaxUntil = TimeSpan.FromDays(366);

    public QuietHours(QuietSettingsStore store, TimeProvider time, TimeZoneInfo zone)
    {
        Store = store;
        Time = time;
        Zone = zone;
        Held = new HeldMarks(store.StateDirectory);
    }

    /// <summary>Where each display of each user started holding messages (kept across restarts).</summary>
    public HeldMarks Held { get; }

    public QuietSettingsStore Store { get; }

    public TimeProvider Time { get; }

    public TimeZoneInfo Zone { get; }

    public DateTimeOffset Now => Time.GetUtcNow();

    public QuietSettings SettingsOf(uint uid) => Store.Get(uid);

    public QuietStatus StatusOf(uint uid) => Store.Get(uid).Evaluate(Now, Zone);

    /// <summary>
    /// Reads the TIME of <c>dnd until TIME</c>: "HH:MM" is the next such wall-clock time in the
    /// daemon's zone (today, or tomorrow when it has passed); otherwise ISO 8601 (with an offset or
    /// "Z"; without one it is the daemon's local time). It must lie in the future and at most
    /// <see cref="MaxUntil"/> ahead.
    /// </summary>
    public bool TryParseUntil(string? text, out DateTimeOffset until, out string error)
    {
        until = default;
        text = (text ?? string.Empty).Trim();
        var now = Now;
        if (QuietWindow.TryParseTime(text, out var time))
        {
            until = QuietSettings.NextLocal(TimeZoneInfo.ConvertTime(now, Zone), time, Zone);
        }
        else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var parsed) && HasDate(text))
        {
            until = HasOffset(text) ? parsed : new DateTimeOffset(parsed.DateTime, Zone.GetUtcOffset(parsed.DateTime));
        }
        else
        {
            error = $"TIME must be HH:MM (the next such time) or ISO 8601 such as 2026-12-24T18:00 or 2026-12-24T18:00+01:00 (got '{Display.TerminalText.SingleLine(text)}')";
            return false;
        }

        if (until <= now)
        {
            error = $"{until.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)} has already passed";
            return false;
        }

        if (until - now > MaxUntil)
        {
            error = $"do not disturb may be set at most {MaxUntil.TotalDays} days ahead";
            return false;
        }

        error = string.Empty;
        return true;
    }

    private static bool HasDate(string text) => text.Length >= 10 && text[4] == '-' && text[7] == '-';

    private static bool HasOffset(string text)
    {
        if (text.EndsWith('Z') || text.EndsWith('z'))
        {
            return true;
        }

        var timePart = text.IndexOf('T', StringComparison.OrdinalIgnoreCase) is var t and >= 0 ? text[t..] : text[Math.Min(10, text.Length)..];
        return timePart.Contains('+', StringComparison.Ordinal) || timePart.Contains('-', StringComparison.Ordinal);
    }
}
