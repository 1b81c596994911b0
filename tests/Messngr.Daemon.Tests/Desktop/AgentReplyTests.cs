using Messngr.Cli.Desktop;
using Messngr.Daemon.Control.Api;
using Messngr.Daemon.Core;
using Messngr.Daemon.Tests.Control;

namespace Messngr.Daemon.Tests.Desktop;

/// <summary>
/// Issue #14, item 1: where the agent's inline reply goes. A native message carries its sender's
/// login, not a name its node holds: the peer table's announced names and native port of the
/// verified node id give NAME@ADDRESS:PORT, else the name the trust list pins to it; a classic
/// message is answered to its sender's name.
/// </summary>
public sealed class AgentReplyTests
{
    private const string NodeId = "P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2";

    private static MessageDto Native() =>
        ControlDtoMapper.ToDto(FakeDaemonControl.Message(1, "root", "HOSTC", "hi", MessageTransport.Native) is var m
            ? m with { Message = m.Message with { Sender = new SenderIdentity.Native(NodeId, "root") } }
            : throw new InvalidOperationException());

    private static PeerDto Peer(string? nodeId, params string[] names) => new(nodeId, null, names, "10.0.0.2", 2428, null, "announced", true);

    [Fact]
    public void A_native_reply_goes_to_the_name_and_port_the_senders_node_announced()
    {
        TrustEntryDto[] trust = [new("OTHER", "OTHER", "BOB", DateTimeOffset.UnixEpoch, 0, "manual"), new(NodeId, "P56IOI7", "NATA", DateTimeOffset.UnixEpoch, 0, "manual")];
        Assert.Equal("NATA@10.0.0.2:2428", AgentReply.NativeRecipient(Native(), "root", [Peer("OTHER", "ROOT"), Peer(NodeId, "NATA", "WORKERS")], []));
        Assert.Equal("ROOT@10.0.0.2:2428", AgentReply.NativeRecipient(Native(), "root", [Peer(NodeId, "NATA", "ROOT")], trust));
        Assert.Equal("NATA@10.0.0.2", AgentReply.NativeRecipient(Native(), "root", [Peer("OTHER", "NATA")], trust)); // the name pinned to the node
        Assert.Equal("root@10.0.0.2", AgentReply.NativeRecipient(Native(), "root", [Peer("OTHER", "NATA")], trust[..1]));
    }

    [Fact]
    public void The_reply_is_sent_by_messngr_send_with_the_state_dir_and_the_text_after_a_double_dash()
    {
        var classic = ControlDtoMapper.ToDto(FakeDaemonControl.Message(2, "ALICE", "HOSTB", "hi"));
        var flags = new Dictionary<string, string> { ["state-dir"] = "/s" };

        Assert.Equal(["--state-dir", "/s", "ALICE", "--", "--help me"], AgentReply.SendArguments(classic, "--help me", flags));
        Assert.Equal(["--state-dir", "/s", "--native", "NATA@10.0.0.2:2428", "--", "ok"], AgentReply.SendArguments(Native(), "ok", flags, [Peer(NodeId, "NATA")]));
    }
}
