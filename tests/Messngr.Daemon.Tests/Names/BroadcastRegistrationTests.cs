using System.Net;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;
using static Messngr.Daemon.Tests.Names.NameServiceHarness;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Tests.Names;

public sealed class BroadcastRegistrationTests
{
    private readonly NameServiceHarness _h = new();

    [Fact]
    public void Start_broadcasts_a_registration_request_for_every_name_with_b_node_flags_and_ttl_0()
    {
        _h.Start();
        var sent = _h.Sender.Sent;
        Assert.Equal(["HOSTB<00>", "HOSTB<03>", "ALICE<03>", "LAB<00>"], sent.Select(s => s.Packet.Question!.Name.ToString()));
        Assert.All(sent, s =>
        {
            Assert.Equal(Broadcast, s.To);
            Assert.Equal(0x2910, s.Packet.Flags.Value);
            Assert.Equal(0u, s.Packet.Additional!.Ttl);
            var entry = Assert.IsType<NbRData>(s.Packet.Additional.Data).Entries.Single();
            Assert.Equal(Us, entry.Address);
            Assert.Equal(s.Packet.Question!.Name.ToString() == "LAB<00>" ? 0x8000 : 0x0000, entry.Flags.Value);
        });
        Assert.Equal([0x1000, 0x1001, 0x1002, 0x1003], sent.Select(s => (int)s.Packet.TransactionId));
    }

    [Fact]
    public void Names_being_registered_do_not_exist_for_receiving_or_answering()
    {
        _h.Start();
        Assert.Equal(NameState.Registering, _h.Entry(Name("ALICE")).State);
        Assert.Null(_h.Names.Find(Name("ALICE")));
        Assert.False(_h.Names.IsMessengerName(Name("ALICE")));
        Assert.False(_h.Names.AcceptsRecipient("ALICE"u8, includeWorkgroup: false));
        Assert.False(_h.Names.AcceptsRecipient("LAB"u8, includeWorkgroup: true));
        Assert.Null(_h.Receive(NbnsPackets.NameQuery(0x77, Name("ALICE"), broadcast: false)));
        Assert.Null(_h.Receive(NbnsPackets.NodeStatusRequest(0x78, Name("HOSTB", 0))));
        Assert.Null(_h.Receive(RegistrationFrom(0x79, Name("ALICE"), false, Peer)));
    }

    [Fact]
    public void Registration_succeeds_after_three_unanswered_broadcasts_250_ms_apart()
    {
        _h.Start();
        var alice = Name("ALICE");
        _h.Time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.Single(_h.SentFor(alice));
        _h.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, _h.SentFor(alice).Count);
        _h.Time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(3, _h.SentFor(alice).Count);
        Assert.Equal(NameState.Registering, _h.Entry(alice).State);
        Assert.All(_h.SentFor(alice), s => Assert.Equal((0x1002, 0x2910), (s.Packet.TransactionId, s.Packet.Flags.Value)));

        _h.Time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(NameState.Registered, _h.Entry(alice).State);
        Assert.True(_h.Names.AcceptsRecipient("alice"u8, includeWorkgroup: false));
        Assert.True(_h.Names.AcceptsRecipient("LAB"u8, includeWorkgroup: true));

        // RFC 1002 §5.1.1.1: the claimed name is announced with a NAME OVERWRITE DEMAND.
        var demand = _h.SentFor(alice)[^1];
        Assert.Equal(0x2810, demand.Packet.Flags.Value);
        Assert.Equal(Broadcast, demand.To);
        Assert.Equal(4, _h.SentFor(alice).Count);

        _h.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(4, _h.SentFor(alice).Count);
    }

    [Fact]
    public void Negative_response_puts_the_name_in_conflict_and_it_is_neither_answered_nor_accepted()
    {
        _h.Start();
        var alice = Name("ALICE");
        var request = _h.SentFor(alice)[0].Packet;
        var entry = Assert.IsType<NbRData>(request.Additional!.Data).Entries[0];
        _h.Receive(NbnsPackets.NegativeRegistrationResponse(request.TransactionId, alice, entry, NbnsRcode.ACT_ERR), Peer);

        Assert.Equal(NameState.Conflict, _h.Entry(alice).State);
        var info = _h.Service.Snapshot().Single(n => n.Name == "ALICE");
        Assert.Equal((NameState.Conflict, "owned by 10.0.0.5"), (info.State, info.Detail));

        _h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(_h.SentFor(alice)); // no retransmission, no overwrite demand
        Assert.Equal(NameState.Registered, _h.Entry(Name("HOSTB")).State);
        Assert.False(_h.Names.AcceptsRecipient("ALICE"u8, includeWorkgroup: false));
        Assert.Null(_h.Names.Find(alice));

        // [MS-NBTE] 4.1: broadcast query → nothing; unicast query → NEGATIVE NAME QUERY RESPONSE.
        Assert.Null(_h.Receive(NbnsPackets.NameQuery(0x50, alice, broadcast: true)));
        var negative = _h.Receive(NbnsPackets.NameQuery(0x51, alice, broadcast: false, recursionDesired: false));
        Assert.NotNull(negative);
        Assert.Equal((0x51, NbnsRcode.NAM_ERR), (negative.TransactionId, negative.Flags.Rcode));
        // Never defended once in conflict.
        Assert.Null(_h.Receive(RegistrationFrom(0x52, alice, false, Peer)));
        // Node status marks it CNF.
        var status = Assert.IsType<NodeStatusRData>(_h.Receive(NbnsPackets.NodeStatusRequest(0x53))!.Answer!.Data);
        Assert.True(status.Names.Single(n => n.Name == alice).Flags.IsInConflict);
        Assert.False(status.Names.Single(n => n.Name == Name("HOSTB")).Flags.IsInConflict);
    }

    [Fact]
    public void Negative_response_with_another_transaction_id_is_ignored()
    {
        _h.Start();
        var alice = Name("ALICE");
        var entry = Assert.IsType<NbRData>(_h.SentFor(alice)[0].Packet.Additional!.Data).Entries[0];
        _h.Receive(NbnsPackets.NegativeRegistrationResponse(0x4242, alice, entry), Peer);
        _h.Time.Advance(TimeSpan.FromMilliseconds(750));
        Assert.Equal(NameState.Registered, _h.Entry(alice).State);
    }

    [Fact]
    public void Positive_response_to_a_broadcast_registration_is_ignored()
    {
        _h.Start();
        var alice = Name("ALICE");
        var request = _h.SentFor(alice)[0].Packet;
        var entry = Assert.IsType<NbRData>(request.Additional!.Data).Entries[0];
        _h.Receive(NbnsPackets.PositiveRegistrationResponse(request.TransactionId, alice, entry, 300), Peer);
        Assert.Equal(NameState.Registering, _h.Entry(alice).State);
        _h.Time.Advance(TimeSpan.FromMilliseconds(750));
        Assert.Equal(NameState.Registered, _h.Entry(alice).State);
    }

    [Fact]
    public void Negative_response_to_the_group_registration_puts_the_workgroup_in_conflict()
    {
        _h.Start();
        var lab = Name("LAB", 0);
        var request = _h.SentFor(lab)[0].Packet;
        var entry = Assert.IsType<NbRData>(request.Additional!.Data).Entries[0];
        _h.Time.Advance(TimeSpan.FromMilliseconds(300));
        _h.Receive(NbnsPackets.NegativeRegistrationResponse(request.TransactionId, lab, entry), Peer);
        _h.Time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(NameState.Conflict, _h.Entry(lab).State);
        Assert.False(_h.Names.AcceptsRecipient("LAB"u8, includeWorkgroup: true));
    }


    [Fact]
    public void Conflict_demand_for_a_name_we_do_not_hold_changes_nothing()
    {
        _h.StartAndRegister();
        _h.Receive(NbnsPackets.NameConflictDemand(0x9999, Name("OTHER")), Peer);
        Assert.All(_h.Names.All, n => Assert.Equal(NameState.Registered, n.State));
    }

    [Fact]
    public void Our_own_broadcast_coming_back_is_ignored()
    {
        _h.Start();
        _h.Time.Advance(TimeSpan.FromMilliseconds(750));
        var demand = _h.SentFor(Name("ALICE"))[^1].Packet;
        Assert.Equal(0x2810, demand.Flags.Value);
        var us = new IPEndPoint(Us, 137);
        Assert.False(_h.Service.Handle(demand, us, out var reply));
        Assert.Null(reply);

        // The same packet from another node is a registration to defend against.
        Assert.NotNull(_h.Receive(demand, Peer));
    }
}
