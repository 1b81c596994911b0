using System.Net;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;
using static Messngr.Daemon.Tests.Names.NameServiceHarness;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Names;

public sealed class DefenceAndAnswerTests
{
    // A NAME CONFLICT DEMAND is how these tests put a name in conflict: the harness obeys it.
    private readonly NameServiceHarness _h = ObeyingDemands();

    public DefenceAndAnswerTests() => _h.StartAndRegister();

    [Fact]
    public void Registration_of_our_unique_name_gets_the_nmbd_negative_response_bytes()
    {
        var requester = new IPEndPoint(IPAddress.Parse("10.77.0.2"), 137);
        var reply = _h.Receive(RegistrationFrom(0x1003, Name("HOSTB"), false, requester), requester);
        Assert.NotNull(reply);

        // protocols.md §2.6, observed nmbd: 1003 ad86 0000 0001 0000 0000 + RR (name, NB, IN, TTL 0, 6, 0000 0a4d0002).
        var bytes = reply.ToArray();
        Assert.Equal(Convert.FromHexString("1003AD86000000010000000020"), bytes[..13]);
        Assert.Equal(Convert.FromHexString("002000010000000000060000" + "0A4D0002"), bytes[^16..]);
        Assert.Equal(12 + 34 + 10 + 6, bytes.Length);
        Assert.Equal(Name("HOSTB"), reply.Answer!.NetBiosName);
    }

    [Theory]
    [InlineData("HOSTB", 0x03, false, true)] // unique request, name held unique
    [InlineData("HOSTB", 0x00, true, true)]  // group request, name held unique
    [InlineData("LAB", 0x00, false, true)]   // unique request, name held as group
    [InlineData("LAB", 0x00, true, false)]   // group request, name held as group: shared
    [InlineData("OTHER", 0x03, false, false)] // not ours
    public void Registrations_are_defended_by_the_rfc_group_and_unique_rules(string name, byte suffix, bool group, bool defended)
    {
        var reply = _h.Receive(RegistrationFrom(0x2222, Name(name, suffix), group, Peer));
        if (!defended)
        {
            Assert.Null(reply);
            return;
        }

        Assert.NotNull(reply);
        Assert.Equal((0x2222, 0xAD86), (reply.TransactionId, reply.Flags.Value));
        var entry = Assert.IsType<NbRData>(reply.Answer!.Data).Entries.Single();
        Assert.Equal((Peer.Address, group), (entry.Address, entry.Flags.IsGroup));
    }

    [Fact]
    public void Release_of_our_name_by_another_node_is_ignored()
    {
        var release = NbnsPackets.ReleaseRequest(0x3333, Name("HOSTB"), new NbAddressEntry(NbFlags.Create(false, NbnsNodeType.BNode), Peer.Address), broadcast: true);
        Assert.False(_h.Service.Handle(release, Peer, out var reply));
        Assert.Null(reply);
        Assert.Equal(NameState.Registered, _h.Entry(Name("HOSTB")).State);
    }

    [Theory]
    [InlineData("HOSTB", 0x03, false, true)]
    [InlineData("alice", 0x03, false, false)]
    [InlineData("HOSTB", 0x00, false, true)]
    [InlineData("LAB", 0x00, true, true)]
    public void Queries_for_registered_names_get_our_address_with_b_node_flags(string name, byte suffix, bool group, bool broadcast)
    {
        var reply = _h.Receive(NbnsPackets.NameQuery(0x4242, Name(name, suffix), broadcast));
        Assert.NotNull(reply);
        Assert.Equal((0x4242, 0x8500), (reply.TransactionId, reply.Flags.Value));
        var entry = Assert.IsType<NbRData>(reply.Answer!.Data).Entries.Single();
        Assert.Equal((Us, group, NbnsNodeType.BNode), (entry.Address, entry.Flags.IsGroup, entry.Flags.NodeType));
    }

    [Fact]
    public void Queries_for_other_names_get_no_answer_when_broadcast_or_asking_recursion()
    {
        Assert.Null(_h.Receive(NbnsPackets.NameQuery(1, Name("NOSUCH"), broadcast: true)));
        Assert.Null(_h.Receive(NbnsPackets.NameQuery(1, Name("NOSUCH"), broadcast: true, recursionDesired: false)));
        Assert.Null(_h.Receive(NbnsPackets.NameQuery(2, Name("NOSUCH"), broadcast: false)));
        Assert.Null(_h.Receive(NbnsPackets.NodeStatusRequest(3, Name("NOSUCH"))));
    }

    [Fact]
    public void Unicast_query_without_recursion_for_another_name_gets_nam_err_no_larger_than_six_bytes_more()
    {
        // nmbd's process_name_query_request: unicast, RD clear, name unknown -> NAM_ERR (issue #11 item 3).
        var query = NbnsPackets.NameQuery(0x0BAD, Name("NOSUCH", 0), broadcast: false, recursionDesired: false);
        var reply = _h.Receive(query);
        Assert.NotNull(reply);
        Assert.Equal((0x0BAD, NbnsOpcode.Query, NbnsRcode.NAM_ERR), (reply.TransactionId, reply.Flags.Opcode, reply.Flags.Rcode));
        Assert.True(reply.Flags.IsResponse);
        Assert.False(reply.Flags.IsBroadcast);
        Assert.Equal(Name("NOSUCH", 0), reply.Answer!.NetBiosName);
        Assert.Equal(0u, reply.Answer.Ttl);
        Assert.Equal(query.ToArray().Length + 6, reply.ToArray().Length);
    }

    [Fact]
    public void Node_status_lists_the_full_table_with_act_flags_and_the_interface_mac()
    {
        var reply = _h.Receive(NbnsPackets.NodeStatusRequest(7));
        Assert.NotNull(reply);
        Assert.Equal(0x8400, reply.Flags.Value);
        var status = Assert.IsType<NodeStatusRData>(reply.Answer!.Data);
        Assert.Equal(["HOSTB<00>", "HOSTB<03>", "ALICE<03>", "LAB<00>"], status.Names.Select(n => n.Name.ToString()));
        Assert.Equal([0x0400, 0x0400, 0x0400, 0x8400], status.Names.Select(n => (int)n.Flags.Value));
        Assert.Equal(Mac, status.Statistics.UnitId);
    }

    [Fact]
    public void Node_status_for_one_of_our_names_is_answered_for_registered_names_only()
    {
        Assert.NotNull(_h.Receive(NbnsPackets.NodeStatusRequest(8, Name("ALICE"))));
        _h.Receive(NbnsPackets.NameConflictDemand(9, Name("ALICE")), Peer);
        Assert.Null(_h.Receive(NbnsPackets.NodeStatusRequest(10, Name("ALICE"))));
        Assert.NotNull(_h.Receive(NbnsPackets.NodeStatusRequest(11, Name("HOSTB"))));
    }

    [Fact]
    public void Responses_from_others_that_are_not_ours_are_not_answered()
    {
        Assert.False(_h.Service.Handle(NbnsPackets.NegativeQueryResponse(3, Name("HOSTB")), Peer, out var reply));
        Assert.Null(reply);
    }
}
