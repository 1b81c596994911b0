using Messngr.Daemon.Quiet;
using Microsoft.Extensions.Time.Testing;

namespace Messngr.Daemon.Tests.Quiet;

/// <summary>Issue #14, item 3: when a user's do not disturb and quiet hours make it quiet, and when that ends.</summary>
public sealed class QuietSettingsTests
{
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;

    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("22:00-07:00", "23:30", true)]
    [InlineData("22:00-07:00", "00:00", true)]
    [InlineData("22:00-07:00", "06:59", true)]
    [InlineData("22:00-07:00", "07:00", false)]
    [InlineData("22:00-07:00", "21:59", false)]
    [InlineData("22:00-07:00", "22:00", true)]
    [InlineData("12:00-13:30", "12:45", true)]
    [InlineData("12:00-13:30", "13:30", false)]
    [InlineData("12:00-13:30", "11:59", false)]
    public void A_window_holds_its_start_not_its_end_and_runs_across_midnight_when_it_ends_before_it_starts(string window, string time, bool inside)
    {
        Assert.True(QuietWindow.TryParse(window, out var parsed, out _));
        Assert.Equal(inside, parsed.Contains(TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("22:00")]
    [InlineData("22:00-")]
    [InlineData("24:00-07:00")]
    [InlineData("22:00-07:60")]
    [InlineData("7:00-7:00")]
    [InlineData("22-07")]
    [InlineData("")]
    public void A_window_that_is_not_two_different_times_is_refused_with_a_reason(string window)
    {
        Assert.False(QuietWindow.TryParse(window, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Quiet_hours_end_at_the_windows_end_today_or_tomorrow()
    {
        var settings = QuietSettings.None with { Hours = new QuietWindow(new TimeOnly(22, 0), new TimeOnly(7, 0)) };

        Assert.Equal(new QuietStatus(true, QuietReason.QuietHours, At("2026-12-08T07:00Z")), settings.Evaluate(At("2026-12-07T23:00Z"), Utc));
        Assert.Equal(new QuietStatus(true, QuietReason.QuietHours, At("2026-12-08T07:00Z")), settings.Evaluate(At("2026-12-08T03:00Z"), Utc));
        Assert.Equal(new QuietStatus(false, QuietReason.None, null), settings.Evaluate(At("2026-12-08T07:00Z"), Utc));
    }

    [Fact]
    public void Quiet_hours_are_read_in_the_daemons_time_zone()
    {
        var plusTwo = TimeZoneInfo.CreateCustomTimeZone("Test+2", TimeSpan.FromHours(2), "Test+2", "Test+2");
        var settings = QuietSettings.None with { Hours = new QuietWindow(new TimeOnly(22, 0), new TimeOnly(7, 0)) };

        // 21:00 UTC is 23:00 in the zone: quiet until 07:00 there, 05:00 UTC.
        Assert.Equal(new QuietStatus(true, QuietReason.QuietHours, At("2026-12-08T05:00Z")), settings.Evaluate(At("2026-12-07T21:00Z"), plusTwo));
        Assert.False(settings.Evaluate(At("2026-12-07T21:00Z"), Utc).IsQuiet);
    }

    [Fact]
    public void Dnd_on_is_quiet_without_end_and_dnd_until_ends_by_itself()
    {
        var now = At("2026-12-07T10:00Z");
        Assert.Equal(new QuietStatus(true, QuietReason.DoNotDisturb, null), new QuietSettings(true, null, null).Evaluate(now, Utc));

        var until = new QuietSettings(true, At("2026-12-07T12:00Z"), null);
        Assert.Equal(new QuietStatus(true, QuietReason.DoNotDisturb, At("2026-12-07T12:00Z")), until.Evaluate(now, Utc));
        Assert.False(until.Evaluate(At("2026-12-07T12:00Z"), Utc).IsQuiet);
        Assert.False(QuietSettings.None.Evaluate(now, Utc).IsQuiet);
    }

    [Fact]
    public void Dnd_until_inside_quiet_hours_lasts_until_the_later_end()
    {
        var settings = new QuietSettings(true, At("2026-12-07T23:00Z"), new QuietWindow(new TimeOnly(22, 0), new TimeOnly(7, 0)));

        Assert.Equal(new QuietStatus(true, QuietReason.QuietHours, At("2026-12-08T07:00Z")), settings.Evaluate(At("2026-12-07T22:30Z"), Utc));
        Assert.Equal(new QuietStatus(true, QuietReason.DoNotDisturb, At("2026-12-07T23:00Z")), settings.Evaluate(At("2026-12-07T21:00Z"), Utc));
    }

    [Theory]
    [InlineData("18:00", "2026-12-07T18:00Z")]
    [InlineData("09:00", "2026-12-08T09:00Z")]
    [InlineData("10:00", "2026-12-08T10:00Z")]
    [InlineData("2026-12-24T18:00", "2026-12-24T18:00Z")]
    [InlineData("2026-12-24T18:00+01:00", "2026-12-24T17:00Z")]
    [InlineData("2026-12-24T18:00:00Z", "2026-12-24T18:00Z")]
    public void Dnd_until_reads_hh_mm_as_today_or_tomorrow_and_iso_8601_with_or_without_an_offset(string text, string expected)
    {
        var quiet = new QuietHours(new QuietSettingsStore(Path.GetTempPath()), new FakeTimeProvider(At("2026-12-07T10:00Z")), Utc);

        Assert.True(quiet.TryParseUntil(text, out var until, out var error), error);
        Assert.Equal(At(expected), until);
    }

    [Theory]
    [InlineData("2026-12-07T09:00Z", "has already passed")]
    [InlineData("2028-12-07T09:00Z", "at most 366 days ahead")]
    [InlineData("tomorrow", "TIME must be HH:MM")]
    [InlineData("25:00", "TIME must be HH:MM")]
    public void Dnd_until_refuses_a_past_a_far_or_an_unreadable_time(string text, string reason)
    {
        var quiet = new QuietHours(new QuietSettingsStore(Path.GetTempPath()), new FakeTimeProvider(At("2026-12-07T10:00Z")), Utc);

        Assert.False(quiet.TryParseUntil(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
