using System.Globalization;

namespace Messngr.Daemon.Options;

/// <summary>
/// A duration as options take it (<c>outbox expiry</c>): a decimal number with a unit —
/// <c>s</c> seconds, <c>m</c> minutes, <c>h</c> hours, <c>d</c> days — or a bare number of seconds
/// (as the other timeouts, e.g. <c>hook timeout</c>).
/// </summary>
internal static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        var value = text?.Trim() ?? string.Empty;
        if (value.Length == 0)
        {
            return false;
        }

        var unit = char.ToLowerInvariant(value[^1]);
        var (number, scale) = unit switch
        {
            's' => (value[..^1], 1.0),
            'm' => (value[..^1], 60.0),
            'h' => (value[..^1], 3600.0),
            'd' => (value[..^1], 86_400.0),
            _ => (value, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount * scale > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(amount * scale);
        return true;
    }
}
