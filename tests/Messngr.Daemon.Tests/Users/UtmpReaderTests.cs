using Messngr.Daemon.Users;

namespace Messngr.Daemon.Tests.Users;

public class UtmpReaderTests
{
    [Fact]
    public void Logged_on_users_get_their_uid_from_passwd_and_unknown_users_are_left_out()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("passwd"), "alice:x:1000:1000::/home/alice:/bin/sh\nbob:x:1003:100::/home/bob:/bin/sh\n");
        File.WriteAllBytes(dir.File("utmp"), UtmpBytes.File(
            UtmpBytes.Record(UtmpBytes.BOOT_TIME, 0, "~", "reboot"),
            UtmpBytes.Record(UtmpBytes.USER_PROCESS, 10, "pts/1", "alice"),
            UtmpBytes.Record(UtmpBytes.USER_PROCESS, 11, "tty2", "mallory"),
            UtmpBytes.Record(UtmpBytes.USER_PROCESS, 12, "pts/4", "bob"),
            UtmpBytes.Record(UtmpBytes.USER_PROCESS, 13, "pts/1", "alice")).Concat(new byte[100]).ToArray());
        var reader = new UtmpReader(new UserAccounts(dir.File("passwd"), useSystemLookup: false), dir.File("utmp"));

        Assert.Equal([new LoggedOnUser("alice", 1000, "pts/1"), new LoggedOnUser("bob", 1003, "pts/4")], reader.Current());
    }

    [Fact]
    public void A_missing_utmp_means_nobody_is_logged_on()
    {
        var reader = new UtmpReader(new UserAccounts(useSystemLookup: false), "/nonexistent/dir/utmp");
        Assert.Empty(reader.Current());
    }

    [Fact]
    public void The_record_bound_limits_what_is_read()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("passwd"), "alice:x:1000:1000::/home/alice:/bin/sh\n");
        File.WriteAllBytes(dir.File("utmp"), UtmpBytes.File(Enumerable.Range(0, 8).Select(i => UtmpBytes.Record(UtmpBytes.USER_PROCESS, i, $"pts/{i}", "alice")).ToArray()));
        var reader = new UtmpReader(new UserAccounts(dir.File("passwd"), useSystemLookup: false), dir.File("utmp"), maxRecords: 3);

        Assert.Equal(3, reader.Current().Count);
    }

    [Fact]
    public void Reading_the_real_utmp_of_this_machine_does_not_throw()
    {
        var reader = new UtmpReader(new UserAccounts());

        var users = reader.Current();

        Assert.All(users, u => Assert.False(string.IsNullOrEmpty(u.Terminal)));
        Assert.Equal(File.Exists(UtmpReader.DefaultPath) ? users.Count : 0, users.Count);
    }
}
