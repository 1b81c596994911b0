namespace Messngr.Daemon.Quiet;

/// <summary>
/// One user's do-not-disturb and quiet hours (issue #14, item 3), as <c>messngr dnd</c> and
/// <c>messngr quiet-hours</c> set them. Do not disturb is off (<see cref="DoNotDisturb"/> false),
/// on until turned off (<see cref="DoNotDisturbUntil"/> null) or on until a moment; quiet hours are
/// a daily window or none.
/// </summary>
internal sealed record QuietSettings(bool DoNotDisturb, DateTimeOffset? DoNotDisturbUntil, QuietWindow? Hours)
{
    /// <summary>Nothing set: every message is shown at once.</summary>
    public static readonly QuietSettings None = new(false, null, null);

    /// <summary>
    /// Whether it is quiet for this user at <paramref name="now"/>, why, and when that ends (null:
    /// not quiet, or do not disturb until turned off). <paramref name="zone"/> is the daemon's
    /// local time zone, in which quiet hours are read.
    /// </summary>
    public QuietStatus Evaluate(DateTimeOffset now, TimeZoneInfo zone)
    {
        if (DoNotDisturb && DoNotDisturbUntil is null)
        {
            return new QuietStatus(true, QuietReason.DoNotDisturb, null);
        }

        var dndEnd = DoNotDisturb && DoNotDisturbUntil > now ? DoNotDisturbUntil : null;
        DateTimeOffset? hoursEnd = null;
        if (Hours is { } window)
        {
            var local = TimeZoneInfo.ConvertTime(now, zone);
            if (window.Contains(TimeOnly.FromDateTime(local.DateTime)))
            {
                hoursEnd = NextLocal(local, window.End, zone);
            }
        }

        return (dndEnd, hoursEnd) switch
        {
            (null, null) => new QuietStatus(false, QuietReason.None, null),
            ({ } d, null) => new QuietStatus(true, QuietReason.DoNotDisturb, d),
            (null, { } h) => new QuietStatus(true, QuietReason.QuietHours, h),
            // Both: quiet lasts until the later one ends (when one ends inside the other, it goes on).
            ({ } d, { } h) => d >= h ? new QuietStatus(true, QuietReason.DoNotDisturb, d) : new QuietStatus(true, QuietReason.QuietHours, h),
        };
    }

    /// <summary>The first moment after <paramref name="local"/> whose wall-clock time is <paramref name="time"/> (today or tomorrow).</summary>
    public static DateTimeOffset NextLocal(DateTimeOffset local, TimeOnly time, TimeZoneInfo zone)
    {
        var day = DateOnly.FromDateTime(local.DateTime);
        var candidate = day.ToDateTime(time);
        if (candidate <= local.DateTime)
        {
            candidate = day.AddDays(1).ToDateTime(time);
        }

        // A wall-clock time skipped by a daylight-saving jump is taken an hour later.
        if (zone.IsInvalidTime(candidate))
        {
            candidate = candidate.AddHours(1);
        }

        return new DateTimeOffset(candidate, zone.GetUtcOffset(candidate));
    }
}
