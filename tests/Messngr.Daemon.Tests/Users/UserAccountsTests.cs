using Messngr.Daemon.Users;

namespace Messngr.Daemon.Tests.Users;

public class UserAccountsTests
{
    private const string Passwd = """
        root:x:0:0:root:/root:/bin/bash
        # a comment
        alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash
        broken:x:notanumber:1:x:/home/broken:/bin/sh
        short:x:1001
        nohome:x:1002:1002::relative:/bin/sh
        +nisuser::::::
        -excluded::::::
        bob:x:1003:100:Bob:/home/bob:/usr/sbin/nologin
        """;

    [Fact]
    public void Passwd_lines_become_accounts_and_malformed_or_nis_lines_are_skipped()
    {
        var accounts = PasswdFile.Parse(Passwd.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(
            [new UserAccount("root", 0, 0, "/root"), new UserAccount("alice", 1000, 1000, "/home/alice"), new UserAccount("bob", 1003, 100, "/home/bob")],
            accounts);
    }

    [Fact]
    public void Accounts_are_found_by_exact_name_in_the_injected_file()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("passwd"), Passwd);
        var users = new UserAccounts(dir.File("passwd"), useSystemLookup: false);

        Assert.Equal(1003u, users.FindByName("bob")?.Uid);
        Assert.Null(users.FindByName("BOB"));
        Assert.Null(users.FindByName("carol"));
    }

    [Fact]
    public void A_changed_passwd_file_is_read_again()
    {
        using var dir = new TempDirectory();
        var path = dir.File("passwd");
        File.WriteAllText(path, "alice:x:1000:1000::/home/alice:/bin/sh\n");
        var users = new UserAccounts(path, useSystemLookup: false);
        Assert.Null(users.FindByName("carol"));

        File.AppendAllText(path, "carol:x:1004:1004::/home/carol:/bin/sh\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));

        Assert.Equal(1004u, users.FindByName("carol")?.Uid);
    }

    [Fact]
    public void A_missing_passwd_file_is_an_empty_database()
    {
        var users = new UserAccounts("/nonexistent/passwd", useSystemLookup: false);
        Assert.Null(users.FindByName("root"));
    }

    [Fact]
    public void The_system_lookup_finds_root_through_getpwnam_r()
    {
        var users = new UserAccounts("/nonexistent/passwd", useSystemLookup: true);

        var root = users.FindByName("root");

        Assert.NotNull(root);
        Assert.Equal(0u, root.Uid);
        Assert.Equal("root", root.Name);
        Assert.StartsWith("/", root.Home, StringComparison.Ordinal);
        Assert.Null(users.FindByName("no-such-user-messngr"));
    }
}
