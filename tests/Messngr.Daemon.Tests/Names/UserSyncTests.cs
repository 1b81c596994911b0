using Messngr.Daemon.Users;
using static Messngr.Daemon.Tests.Names.NameServiceHarness;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Names;

public sealed class UserSyncTests
{
    private readonly NameServiceHarness _h = new();

    public UserSyncTests() => _h.StartAndRegister();

    private void Sync()
    {
        _h.Service.SyncUsers();
        _h.Time.Advance(TimeSpan.FromMilliseconds(750));
    }

    [Fact]
    public void A_user_who_logs_on_gets_a_messenger_name_owned_by_their_uid()
    {
        _h.Users.Users.Add(new LoggedOnUser("bob", 1001, "pts/1"));
        _h.Service.SyncUsers();
        var entry = _h.Entry(Name("BOB"));
        Assert.Equal((NameKind.User, NameState.Registering, (uint?)1001), (entry.Kind, entry.State, entry.OwnerUid));
        Assert.Equal(0x2910, _h.SentFor(Name("BOB"))[0].Packet.Flags.Value);
        _h.Time.Advance(TimeSpan.FromMilliseconds(750));
        Assert.True(_h.Names.AcceptsRecipient("bob"u8, includeWorkgroup: false));
    }

    [Fact]
    public void Two_sessions_of_one_user_register_one_name_and_it_is_released_when_the_last_logs_off()
    {
        _h.Users.Users.AddRange([new("bob", 1001, "pts/1"), new("bob", 1001, "pts/2")]);
        Sync();
        Assert.Single(_h.Names.All, n => n.Name == Name("BOB"));
        _h.Users.Users.Clear();
        _h.Sender.Clear();
        Sync();
        Assert.Null(_h.Names.FindAny(Name("BOB")));
        Assert.Equal(3, _h.SentFor(Name("BOB")).Count(s => s.Packet.Flags.Value == 0x3010));
    }

    [Fact]
    public void A_user_name_equal_to_an_existing_name_is_shared_and_survives_the_logoff()
    {
        _h.Users.Users.AddRange([new("alice", 1000, "pts/1"), new("hostb", 1002, "tty1")]);
        Sync();
        Assert.Equal(NameKind.Alias, _h.Entry(Name("ALICE")).Kind);
        Assert.Equal(NameKind.Computer, _h.Entry(Name("HOSTB")).Kind);
        Assert.Empty(_h.Sender.Sent);

        _h.Users.Users.Clear();
        Sync();
        Assert.NotNull(_h.Names.Find(Name("ALICE")));
        Assert.NotNull(_h.Names.Find(Name("HOSTB")));
        Assert.Empty(_h.Sender.Sent);
    }

    [Fact]
    public async Task A_user_name_deleted_while_logged_on_stays_deleted_until_the_next_logon()
    {
        _h.Users.Users.Add(new LoggedOnUser("bob", 1001, "pts/1"));
        Sync();
        var delete = _h.Service.DeleteAsync("BOB", 1001, CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromMilliseconds(750));
        Assert.Equal(NameChangeOutcome.Ok, (await delete.WaitAsync(TimeSpan.FromSeconds(5))).Outcome);
        Sync();
        Assert.Null(_h.Names.FindAny(Name("BOB")));

        _h.Users.Users.Clear();
        Sync();
        _h.Users.Users.Add(new LoggedOnUser("bob", 1001, "pts/4"));
        Sync();
        Assert.NotNull(_h.Names.Find(Name("BOB")));
    }

    [Fact]
    public void User_names_that_cannot_be_netbios_names_are_skipped()
    {
        _h.Users.Users.AddRange([new("名前", 1003, "pts/1"), new("averyveryverylongusername", 1004, "pts/2")]);
        Sync();
        Assert.Null(_h.Service.Snapshot().FirstOrDefault(n => n.OwnerUid == 1003));
        // [MS-MSRP] 3.1.4.6: longer names are truncated to 15 bytes.
        Assert.NotNull(_h.Names.Find(Name("AVERYVERYVERYLO")));
    }

    [Fact]
    public void Logged_on_users_are_polled_on_the_clock()
    {
        _h.Users.Users.Add(new LoggedOnUser("dave", 1005, "pts/1"));
        Assert.Null(_h.Names.FindAny(Name("DAVE")));
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        Eventually(() => _h.Names.FindAny(Name("DAVE")) is not null);
    }
}
