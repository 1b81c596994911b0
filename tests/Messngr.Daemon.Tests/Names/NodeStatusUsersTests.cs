using Messngr.Daemon.Users;
using Messngr.Wire.NetBios.NameService;
using static Messngr.Daemon.Tests.Names.NameServiceHarness;

namespace Messngr.Daemon.Tests.Names;

/// <summary>
/// Node status does not tell who is logged on unless <c>node status users = yes</c>; a query for
/// a logged-on user's name is answered either way, since delivery to that user needs it.
/// </summary>
public sealed class NodeStatusUsersTests
{
    private static NameServiceHarness WithLoggedOnBob(bool nodeStatusUsers)
    {
        var h = new NameServiceHarness(wins: false, nodeStatusUsers);
        h.StartAndRegister();
        h.Users.Users.Add(new LoggedOnUser("bob", 1001, "pts/1"));
        h.Service.SyncUsers();
        h.Time.Advance(TimeSpan.FromMilliseconds(750));
        Assert.True(h.Names.AcceptsRecipient("bob"u8, includeWorkgroup: false));
        return h;
    }

    private static List<string> NodeStatusNames(NameServiceHarness h, NbnsPacket request)
    {
        var reply = h.Receive(request);
        Assert.NotNull(reply);
        return [.. Assert.IsType<NodeStatusRData>(reply.Answer!.Data).Names.Select(n => n.Name.ToString())];
    }

    [Fact]
    public void By_default_node_status_leaves_out_the_logged_on_users_names()
    {
        var h = WithLoggedOnBob(nodeStatusUsers: false);
        Assert.Equal(["HOSTB<00>", "HOSTB<03>", "ALICE<03>", "LAB<00>"], NodeStatusNames(h, NbnsPackets.NodeStatusRequest(7)));
        // Asked by the user's own name: answered (a name query says as much), still without it.
        Assert.DoesNotContain("BOB<03>", NodeStatusNames(h, NbnsPackets.NodeStatusRequest(8, Name("BOB"))));
    }

    [Fact]
    public void By_default_a_query_for_a_logged_on_users_name_is_still_answered()
    {
        var h = WithLoggedOnBob(nodeStatusUsers: false);
        var reply = h.Receive(NbnsPackets.NameQuery(9, Name("BOB"), broadcast: true));
        Assert.NotNull(reply);
        Assert.Equal(Us, Assert.IsType<NbRData>(reply.Answer!.Data).Entries[0].Address);
    }

    [Fact]
    public void With_node_status_users_the_logged_on_users_names_are_listed()
    {
        var h = WithLoggedOnBob(nodeStatusUsers: true);
        Assert.Equal(["HOSTB<00>", "HOSTB<03>", "ALICE<03>", "LAB<00>", "BOB<03>"], NodeStatusNames(h, NbnsPackets.NodeStatusRequest(7)));
    }

    [Fact]
    public void A_user_name_shared_with_an_alias_is_listed_as_the_alias()
    {
        var h = new NameServiceHarness();
        h.StartAndRegister();
        h.Users.Users.Add(new LoggedOnUser("alice", 1000, "pts/1"));
        h.Service.SyncUsers();
        Assert.Contains("ALICE<03>", NodeStatusNames(h, NbnsPackets.NodeStatusRequest(7)));
    }
}
