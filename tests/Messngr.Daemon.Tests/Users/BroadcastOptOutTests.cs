using Messngr.Daemon.Users;

namespace Messngr.Daemon.Tests.Users;

public class BroadcastOptOutTests
{
    [Fact]
    public void A_no_tty_file_in_the_users_config_opts_them_out()
    {
        using var dir = new TempDirectory();
        var optOut = OptOutFor(dir, out var home);
        var alice = new LoggedOnUser("alice", 1000, "pts/1");
        Assert.False(optOut.IsOptedOut(alice));

        Directory.CreateDirectory(Path.Combine(home, ".config/messngr"));
        File.WriteAllText(Path.Combine(home, BroadcastOptOut.RelativePath), string.Empty);

        Assert.True(optOut.IsOptedOut(alice));
    }

    [Fact]
    public void A_symlink_there_opts_out_whatever_it_points_to_so_nothing_about_other_files_leaks()
    {
        using var dir = new TempDirectory();
        var optOut = OptOutFor(dir, out var home);
        Directory.CreateDirectory(Path.Combine(home, ".config/messngr"));
        File.CreateSymbolicLink(Path.Combine(home, BroadcastOptOut.RelativePath), "/nonexistent/secret");

        Assert.True(optOut.IsOptedOut(new LoggedOnUser("alice", 1000, "pts/1")));
    }

    [Fact]
    public void An_unknown_user_has_not_opted_out()
    {
        using var dir = new TempDirectory();
        var optOut = OptOutFor(dir, out _);

        Assert.False(optOut.IsOptedOut(new LoggedOnUser("nobodyknown", 5, "pts/1")));
    }

    private static BroadcastOptOut OptOutFor(TempDirectory dir, out string home)
    {
        home = dir.File("home-alice");
        Directory.CreateDirectory(home);
        File.WriteAllText(dir.File("passwd"), $"alice:x:1000:1000::{home}:/bin/sh\n");
        return new BroadcastOptOut(new UserAccounts(dir.File("passwd"), useSystemLookup: false));
    }
}
