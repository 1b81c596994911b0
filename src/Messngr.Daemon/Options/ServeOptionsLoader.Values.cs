using System.Globalization;

namespace Messngr.Daemon.Options;

/// <summary>The loader's parsers of plain values — switches, numbers, rates, durations, ports, address ranges — each naming the key, value and source it refuses.</summary>
internal static partial class ServeOptionsLoader
{
    private static bool ParseBool((string Value, string Source)? setting, bool fallback)
    {
        if (setting is not { } s)
        {
            return fallback;
        }

        return s.Value.ToUpperInvariant() switch
        {
            "YES" or "TRUE" or "ON" or "1" or "" => true,
            "NO" or "FALSE" or "OFF" or "0" => false,
            _ => throw new ArgumentException($"{s.Source}: '{s.Value}' is not yes/no"),
        };
    }

    private static List<Policy.NetworkRange> ParseRanges((string Value, string Source) setting)
    {
        try
        {
            return setting.Value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Policy.NetworkRange.Parse).ToList();
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"{setting.Source}: {ex.Message}", ex);
        }
    }

    private static double ParseRate((string Value, string Source)? setting, double fallback)
    {
        if (setting is not { } s)
        {
            return fallback;
        }

        return double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate is > 0 and <= 1_000_000
            ? rate
            : throw new ArgumentException($"{s.Source}: '{s.Value}' is not a rate (packets per second, 1-1000000)");
    }

    /// <summary>A timeout: seconds, more than 0 and at most a day (issue #12, item 13: it is not a rate).</summary>
    private static double ParseSeconds((string Value, string Source)? setting, double fallback)
    {
        if (setting is not { } s)
        {
            return fallback;
        }

        return double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 86_400
            ? seconds
            : throw new ArgumentException($"{s.Source}: '{s.Value}' is not a number of seconds (more than 0, at most 86400)");
    }

    /// <summary>
    /// <c>critical repeat</c> (issue #14, item 3): <c>off</c>, or a duration as <see cref="ParseDuration"/>
    /// reads it of at least a second and at most a day; 5 minutes when not set.
    /// </summary>
    private static TimeSpan? ParseCriticalRepeat((string Value, string Source)? setting)
    {
        if (setting is not { } s)
        {
            return Sinks.TtySinkOptions.DefaultCriticalRepeat;
        }

        if (s.Value.Trim().Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return DurationText.TryParse(s.Value, out var every) && every >= TimeSpan.FromSeconds(1) && every <= TimeSpan.FromDays(1)
            ? every
            : throw new ArgumentException($"{s.Source}: '{s.Value}' is not off nor a duration (a number with s, m, h or d, or seconds; at least 1s, at most 1d)");
    }

    /// <summary>A duration: a number with a unit (s, m, h, d) or bare seconds; more than 0, at most 365 days.</summary>
    private static TimeSpan ParseDuration((string Value, string Source)? setting, TimeSpan fallback)
    {
        if (setting is not { } s)
        {
            return fallback;
        }

        return DurationText.TryParse(s.Value, out var duration) && duration > TimeSpan.Zero && duration <= TimeSpan.FromDays(365)
            ? duration
            : throw new ArgumentException($"{s.Source}: '{s.Value}' is not a duration (a number with s, m, h or d, or seconds; more than 0, at most 365d)");
    }

    /// <summary>TCP 139 sessions one address may hold: 1 up to all of them (<see cref="Core.DaemonLimits.MaxSessionConnections"/>).</summary>
    private static int ParseConnections((string Value, string Source)? setting, Core.DaemonLimits limits)
    {
        if (setting is not { } s)
        {
            return limits.MaxSessionConnectionsPerSource;
        }

        return int.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1 && count <= limits.MaxSessionConnections
            ? count
            : throw new ArgumentException($"{s.Source}: '{s.Value}' is not a number of connections (1-{limits.MaxSessionConnections})");
    }

    private static bool ParseCharset((string Value, string Source)? setting) => setting?.Value.ToUpperInvariant() switch
    {
        null or "UTF-8" or "UTF8" => true,
        "ASCII" => false,
        _ => throw new ArgumentException($"{setting.Value.Source}: '{setting.Value.Value}' is not utf-8 or ascii"),
    };

    // A user cannot hold more aliases than the name table has rows (RFC 1002 node status: 255).
    private const int LocalNamesLimit = 255;

    private static int ParseCount((string Value, string Source)? setting, int fallback, int min, int max, string what)
    {
        if (setting is not { } s)
        {
            return fallback;
        }

        return int.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= min && count <= max
            ? count
            : throw new ArgumentException($"{s.Source}: '{s.Value}' is not a number of {what} ({min}-{max})");
    }

    private static int ParsePort((string Value, string Source)? setting, int fallback, bool allowZero = false)
    {
        if (setting is not { } s)
        {
            return fallback;
        }

        return int.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and < 65536 && (port > 0 || allowZero)
            ? port
            : throw new ArgumentException($"{s.Source}: '{s.Value}' is not a port number ({(allowZero ? 0 : 1)}-65535{(allowZero ? ", 0 = off" : string.Empty)})");
    }
}
