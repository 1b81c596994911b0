using Messngr.Daemon.Privileges;
using Messngr.Daemon.Tests.Users;
using Messngr.Daemon.Users;

namespace Messngr.Daemon.Tests.Privileges;

public sealed class ServiceUserTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (UserAccounts Accounts, string Groups) Files(string passwd, string groups = "root:x:0:\ntty:x:5:\nmessngr:x:990:\n")
    {
        File.WriteAllText(_dir.File("passwd"), passwd);
        File.WriteAllText(_dir.File("group"), groups);
        return (new UserAccounts(_dir.File("passwd"), useSystemLookup: false), _dir.File("group"));
    }

    [Fact]
    public void Root_with_no_user_setting_becomes_the_dedicated_account_with_the_tty_group()
    {
        var (accounts, groups) = Files("root:x:0:0::/root:/bin/sh\nmessngr:x:990:990::/var/lib/messngr:/usr/sbin/nologin\n");
        var user = ServiceUser.Resolve(null, isRoot: true, accounts, groups);
        Assert.NotNull(user);
        Assert.Equal(("messngr", 990u, 990u), (user.Name, user.Uid, user.Gid));
        Assert.Equal([990u, 5u], user.Groups);
    }

    [Fact]
    public void Root_with_no_user_setting_and_no_dedicated_account_stays_root()
    {
        var (accounts, groups) = Files("root:x:0:0::/root:/bin/sh\n");
        Assert.Null(ServiceUser.Resolve(null, isRoot: true, accounts, groups));
    }

    [Fact]
    public void A_configured_user_is_taken_and_root_keeps_root()
    {
        var (accounts, groups) = Files("root:x:0:0::/root:/bin/sh\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n");
        Assert.Equal(65534u, ServiceUser.Resolve("nobody", isRoot: true, accounts, groups)!.Uid);
        Assert.Null(ServiceUser.Resolve("root", isRoot: true, accounts, groups));
    }

    [Fact]
    public void An_unknown_user_is_an_error_naming_the_key()
    {
        var (accounts, groups) = Files("root:x:0:0::/root:/bin/sh\n");
        var error = Assert.Throws<ArgumentException>(() => ServiceUser.Resolve("ghost", isRoot: true, accounts, groups));
        Assert.Contains("user = 'ghost' is not a known account", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_daemon_not_started_as_root_cannot_become_another_user_and_needs_no_drop()
    {
        var (accounts, groups) = Files("root:x:0:0::/root:/bin/sh\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n");
        Assert.Null(ServiceUser.Resolve(null, isRoot: false, accounts, groups));
        Assert.Throws<ArgumentException>(() => ServiceUser.Resolve("nobody", isRoot: false, accounts, groups));
    }

    [Fact]
    public void The_group_file_is_read_line_by_line_and_a_missing_group_or_file_is_null()
    {
        var (_, groups) = Files("", "garbage\ntty:x:notanumber:\ntty:x:5:alice\n");
        Assert.Equal(5u, GroupFile.FindGid("tty", groups));
        Assert.Null(GroupFile.FindGid("wheel", groups));
        Assert.Null(GroupFile.FindGid("tty", _dir.File("missing")));
    }
}
