using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Core;
using Messngr.Daemon.Sending;
using Messngr.Daemon.Tests.Control;

namespace Messngr.Daemon.Tests.Sending;

/// <summary>
/// Issue #14, reply: where a reply goes, the one rule of the web page and the agent. A native
/// message carries its sender's login, not a name its node holds: the peer table's announced names
/// and native port of the verified node id give NAME@ADDRESS:PORT, else the name the trust list
/// pins to it (default native port), else LOGIN@ADDRESS:2426; a classic message is answered to its
/// sender's name.
/// </summary>
public sealed class ReplyTargetTests
{
    private const string NodeId = "P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2";

    internal static MessageDto Native(string address = "10.0.0.2") =>
        ControlDtoMapper.ToDto(FakeDaemonControl.Message(1, "root", "HOSTC", "hi", MessageTransport.Native) is var m
            ? m with { Message = m.Message with { Sender = new SenderIdentity.Native(NodeId, "root") } }
            : throw new InvalidOperationException()) with { SourceAddress = address };

    private static PeerDto Peer(string? nodeId, params string[] names) => new(nodeId, null, names, "10.0.0.2", 2428, null, "announced", true);

    private static readonly TrustEntryDto[] Trust = [new("OTHER", "OTHER", "BOB", DateTimeOffset.UnixEpoch, 0, "manual"), new(NodeId, "P56IOI7", "NATA", DateTimeOffset.UnixEpoch, 0, "manual")];

    [Fact]
    public void A_native_reply_goes_to_the_name_and_port_the_senders_node_announced()
    {
        Assert.Equal("NATA@10.0.0.2:2428", ReplyTarget.For(Native(), [Peer("OTHER", "ROOT"), Peer(NodeId, "NATA", "WORKERS")], []));
        // The sender's login, when the node announced it as a name.
        Assert.Equal("ROOT@10.0.0.2:2428", ReplyTarget.For(Native(), [Peer(NodeId, "NATA", "ROOT")], Trust));
    }

    [Fact]
    public void A_node_not_in_the_peer_table_is_answered_at_the_name_the_trust_list_pins_else_at_the_login_on_the_default_port()
    {
        Assert.Equal("NATA@10.0.0.2:2426", ReplyTarget.For(Native(), [Peer("OTHER", "NATA")], Trust));
        Assert.Equal("root@10.0.0.2:2426", ReplyTarget.For(Native(), [Peer("OTHER", "NATA")], Trust[..1]));
        Assert.Equal("root@[fd00::2]:2426", ReplyTarget.For(Native("fd00::2"), [], []));
    }

    [Fact]
    public void A_classic_message_is_answered_to_its_senders_name()
    {
        var classic = ControlDtoMapper.ToDto(FakeDaemonControl.Message(2, "ALICE", "HOSTB", "hi"));

        Assert.Equal("ALICE", ReplyTarget.For(classic, [Peer(NodeId, "NATA")], Trust));
        Assert.False(ReplyTarget.IsNative(classic, out _));
        Assert.True(ReplyTarget.IsNative(Native(), out var user));
        Assert.Equal("root", user);
    }

    [Fact]
    public void Every_native_target_parses_as_a_recipient_with_a_port_so_it_goes_natively()
    {
        foreach (var target in new[] { ReplyTarget.For(Native(), [Peer(NodeId, "NATA")], []), ReplyTarget.For(Native(), [], Trust), ReplyTarget.For(Native(), [], []) })
        {
            Assert.True(RecipientParser.TryParse(target, out var recipient, out var error), error);
            Assert.Equal((RecipientForm.NameAtHost, true), (recipient.Form, recipient.Port is not null));
        }
    }
}
