using Messngr.Daemon.Native;

namespace Messngr.Daemon.Tests.Native;

/// <summary>A node announces at start, every interval, and at once when its names change (docs/native-protocol.md §9.1).</summary>
public sealed class AnnounceScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Announces_at_start_then_every_interval_with_unchanged_names()
    {
        var schedule = new AnnounceSchedule(TimeSpan.FromSeconds(30));
        Assert.True(schedule.Due(Start, ["ALICE"]));
        Assert.False(schedule.Due(Start.AddSeconds(1), ["ALICE"]));
        Assert.False(schedule.Due(Start.AddSeconds(29), ["ALICE"]));
        Assert.True(schedule.Due(Start.AddSeconds(30), ["ALICE"]));
        Assert.False(schedule.Due(Start.AddSeconds(31), ["ALICE"]));
    }

    [Fact]
    public void A_name_added_or_deleted_is_announced_at_the_next_check_not_at_the_next_interval()
    {
        var schedule = new AnnounceSchedule(TimeSpan.FromSeconds(30));
        Assert.True(schedule.Due(Start, ["ALICE"]));
        Assert.True(schedule.Due(Start.AddSeconds(2), ["ALICE", "BOB"]));
        Assert.False(schedule.Due(Start.AddSeconds(3), ["ALICE", "BOB"]));
        Assert.True(schedule.Due(Start.AddSeconds(4), ["BOB"]));
        Assert.False(schedule.Due(Start.AddSeconds(5), ["BOB"]));
    }
}
