using Messngr.Daemon.Quiet;

namespace Messngr.Daemon.Tests.Quiet;

/// <summary>Issue #14, item 3: each user's quiet settings are kept in STATE_DIR/quiet/UID.json, 0600, across restarts.</summary>
public sealed class QuietSettingsStoreTests
{
    [Fact]
    public void Settings_survive_a_restart_and_are_kept_per_uid_in_a_private_file()
    {
        var state = Directory.CreateTempSubdirectory("messngr-quiet-").FullName;
        var until = DateTimeOffset.Parse("2026-12-07T18:00:00+01:00", System.Globalization.CultureInfo.InvariantCulture);
        var mine = new QuietSettings(true, until, new QuietWindow(new TimeOnly(22, 0), new TimeOnly(7, 0)));
        new QuietSettingsStore(state).Set(1000, mine);

        var reopened = new QuietSettingsStore(state);

        Assert.Equal(mine, reopened.Get(1000));
        Assert.Equal(QuietSettings.None, reopened.Get(1001));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(state, "quiet", "1000.json")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(state, "quiet")));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"version\":2,\"doNotDisturb\":true,\"doNotDisturbUntil\":null,\"quietHours\":null}")]
    [InlineData("null")]
    public void A_file_that_cannot_be_read_counts_as_nothing_set_and_the_next_change_rewrites_it(string content)
    {
        var state = Directory.CreateTempSubdirectory("messngr-quiet-").FullName;
        Directory.CreateDirectory(Path.Combine(state, "quiet"));
        File.WriteAllText(Path.Combine(state, "quiet", "1000.json"), content);

        var store = new QuietSettingsStore(state);
        Assert.Equal(QuietSettings.None, store.Get(1000));

        store.Set(1000, new QuietSettings(true, null, null));
        Assert.Equal(new QuietSettings(true, null, null), new QuietSettingsStore(state).Get(1000));
    }
}
