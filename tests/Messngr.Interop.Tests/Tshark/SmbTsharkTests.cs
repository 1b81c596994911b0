using System.Text;
using Messngr.Interop.Tests.Support;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.SessionService;
using Messngr.Wire.Smb1;

namespace Messngr.Interop.Tests.Tshark;

/// <summary>
/// NBSS frames and SMB messaging commands WRITTEN by our codecs, put on TCP 139 and judged by
/// tshark 4.0.17 (protocols.md §9.2–9.3): no malformed or warning items, key fields as we meant them.
/// </summary>
public class SmbTsharkTests
{
    private const string Client = "10.99.0.11", Server = "10.99.0.12";

    private static readonly NetBiosName Called = NetBiosName.Create("HOSTB", NetBiosName.SuffixMessenger);
    private static readonly NetBiosName Calling = NetBiosName.Create("HOSTA", NetBiosName.SuffixWorkstation);

    private static void Exchange(TcpConversation tcp, SmbMessage request, SmbMessage reply)
    {
        tcp.ToServer(request.ToSessionMessage());
        tcp.ToClient(reply.ToSessionMessage());
    }

    /// <summary>A whole messaging session as a Windows-like client and server would hold it, every byte from our writers.</summary>
    private static PcapWriter Session()
    {
        var pcap = new PcapWriter();
        ushort mid = 0;
        SmbMessage Request(SmbCommand command, SmbBody body) => SmbMessage.Request(command, body, pidLow: 0x2346, mid: ++mid);

        // A Messenger that does not own the called name refuses with 0x82 (protocols.md §5.2).
        var refused = pcap.Tcp(Client, 40001, Server, 139);
        refused.ToServer(new SessionRequestPacket(NetBiosName.Create("NOBODY", NetBiosName.SuffixMessenger), Calling).ToArray());
        refused.ToClient(new NegativeSessionResponsePacket(NbssErrorCode.CalledNameNotPresent).ToArray());
        refused.Close();

        var tcp = pcap.Tcp(Client, 40002, Server, 139);
        tcp.ToServer(new SessionRequestPacket(Called, Calling).ToArray());
        tcp.ToClient(PositiveSessionResponsePacket.Instance.ToArray());

        var negotiate = Request(SmbCommand.SMB_COM_NEGOTIATE, NegotiateRequest.Messenger);
        Exchange(tcp, negotiate, SmbMessage.Reply(negotiate.Header, NegotiateNtLmResponse.Create(0, "12345678"u8.ToArray(), "LAB", "HOSTB", new DateTime(2026, 11, 23, 17, 0, 0, DateTimeKind.Utc))));

        var single = Request(SmbCommand.SMB_COM_SEND_MESSAGE, SendMessageRequest.Create("alice", "HOSTB", Encoding.ASCII.GetBytes("single block")));
        Exchange(tcp, single, SmbMessage.Reply(single.Header, SmbEmptyBody.Instance));

        var start = Request(SmbCommand.SMB_COM_SEND_START_MB_MESSAGE, SendStartMbRequest.Create("alice", "HOSTB"));
        Exchange(tcp, start, SmbMessage.Reply(start.Header, new SendStartMbResponse(0x1234)));

        // A real client echoes 0x1234 here, but tshark 4.0.17 reads the 0xD7 request's
        // MessageGroupId word as its ByteCount and flags any mgid ≠ 0 as malformed
        // (protocols.md §9.3 item 9), so this block carries mgid 0.
        var text = Request(SmbCommand.SMB_COM_SEND_TEXT_MB_MESSAGE, SendTextMbRequest.Create(0, Encoding.ASCII.GetBytes("block one")));
        Exchange(tcp, text, SmbMessage.Reply(text.Header, SmbEmptyBody.Instance));

        var end = Request(SmbCommand.SMB_COM_SEND_END_MB_MESSAGE, new SendEndMbRequest(0x1234));
        Exchange(tcp, end, SmbMessage.Reply(end.Header, SmbEmptyBody.Instance));

        var refusedMessage = Request(SmbCommand.SMB_COM_SEND_MESSAGE, SendMessageRequest.Create("bob", "HOSTB", Encoding.ASCII.GetBytes("not now")));
        Exchange(tcp, refusedMessage, SmbErrorReplies.NotReceiving(refusedMessage.Header));

        // The same refusal to a client that asks for NT status (Flags2 0x4000): STATUS_REQUEST_NOT_ACCEPTED.
        var ntClient = Request(SmbCommand.SMB_COM_SEND_START_MB_MESSAGE, SendStartMbRequest.Create("bob", "HOSTB"));
        ntClient = ntClient with { Header = ntClient.Header with { Flags2 = SmbFlags2.SMB_FLAGS2_NT_STATUS } };
        Exchange(tcp, ntClient, SmbErrorReplies.NotReceiving(ntClient.Header));

        var broadcast = Request(SmbCommand.SMB_COM_SEND_BROADCAST_MESSAGE, SendMessageRequest.Create("alice", "*", Encoding.ASCII.GetBytes("to all")));
        Exchange(tcp, broadcast, SmbMessage.Reply(broadcast.Header, SmbEmptyBody.Instance));

        var forward = Request(SmbCommand.SMB_COM_FORWARD_USER_NAME, ForwardedNameRequest.Create("CAROL"));
        Exchange(tcp, forward, SmbMessage.Reply(forward.Header, SmbEmptyBody.Instance));

        var cancel = Request(SmbCommand.SMB_COM_CANCEL_FORWARD, ForwardedNameRequest.Create("CAROL"));
        Exchange(tcp, cancel, SmbMessage.Reply(cancel.Header, SmbEmptyBody.Instance));

        var machine = Request(SmbCommand.SMB_COM_GET_MACHINE_NAME, SmbEmptyBody.Instance);
        Exchange(tcp, machine, SmbMessage.Reply(machine.Header, GetMachineNameResponse.Create("HOSTB")));

        tcp.ToServer(SessionKeepAlivePacket.Instance.ToArray());
        tcp.Close();
        return pcap;
    }

    [Fact]
    public void Session_decodes_without_malformed_or_warning_items()
    {
        var pcap = Session();
        var problems = Support.Tshark.Problems(pcap);
        Assert.True(problems.Count == 0, string.Join('\n', problems) + "\n" + Support.Tshark.Decode(pcap));

        // Not even a note or chat item on any NBSS/SMB frame: tshark 4.0.17 raises no expert item
        // for an SMB error status, DOS or NT form, so the ERRSRV/ERRmsgoff and
        // STATUS_REQUEST_NOT_ACCEPTED replies are as clean as the rest (checked: the only expert
        // items in this pcap are TCP SYN/FIN "chat").
        var rows = Support.Tshark.Fields(pcap, "frame.number", "nbss.type", "smb.error_class", "_ws.expert.message");
        Assert.Contains(rows, r => r[2] == "0x02");
        Assert.All(rows.Where(r => r[1].Length > 0), r => Assert.True(r[3].Length == 0, $"frame {r[0]}: {r[3]}"));
    }

    [Fact]
    public void Session_fields_are_what_we_wrote()
    {
        var rows = Support.Tshark.Fields(Session(), "frame.number", "nbss.type", "nbss.called_name", "nbss.calling_name", "nbss.error_code", "smb.cmd", "smb.flags.response",
            "smb.originator_name", "smb.destination_name", "smb.message", "smb.mgid", "smb.error_class", "smb.error_code", "smb.nt_status", "smb.forwarded_name", "smb.machine_name", "smb.dialect.name", "smb.server");
        var lines = rows.Where(r => r[1].Length > 0).Select(r => string.Join('|', r.Skip(1))).ToList();
        // One line per NBSS frame. The 0xD7 request shows neither mgid nor text: tshark 4.0.17
        // takes its MessageGroupId word for ByteCount (0 here), protocols.md §9.3 item 9.
        Assert.Equal(
        [
            "0x81|NOBODY<03>|HOSTA<00>||||||||||||||",
            "0x83|||0x82|||||||||||||",
            "0x81|HOSTB<03>|HOSTA<00>||||||||||||||",
            "0x82||||||||||||||||",
            "0x00||||0x72|0|||||0x00|0x0000||||NT LM 0.12|",
            "0x00||||0x72|1|||||0x00|0x0000|||||HOSTB",
            "0x00||||0xd0|0|alice|HOSTB|single block||0x00|0x0000|||||",
            "0x00||||0xd0|1|||||0x00|0x0000|||||",
            "0x00||||0xd5|0|alice|HOSTB|||0x00|0x0000|||||",
            "0x00||||0xd5|1||||4660|0x00|0x0000|||||",
            "0x00||||0xd7|0|||||0x00|0x0000|||||",
            "0x00||||0xd7|1|||||0x00|0x0000|||||",
            "0x00||||0xd6|0||||4660|0x00|0x0000|||||",
            "0x00||||0xd6|1|||||0x00|0x0000|||||",
            "0x00||||0xd0|0|bob|HOSTB|not now||0x00|0x0000|||||",
            "0x00||||0xd0|1|||||0x02|0x0052|||||",
            "0x00||||0xd5|0|bob|HOSTB|||||0x00000000||||",
            "0x00||||0xd5|1|||||||0xc00000d0||||",
            "0x00||||0xd1|0|alice|*|to all||0x00|0x0000|||||",
            "0x00||||0xd1|1|||||0x00|0x0000|||||",
            "0x00||||0xd2|0|||||0x00|0x0000||CAROL|||",
            "0x00||||0xd2|1|||||0x00|0x0000|||||",
            "0x00||||0xd3|0|||||0x00|0x0000||CAROL|||",
            "0x00||||0xd3|1|||||0x00|0x0000|||||",
            "0x00||||0xd4|0|||||0x00|0x0000|||||",
            "0x00||||0xd4|1|||||0x00|0x0000|||HOSTB||",
            "0x85||||||||||||||||",
        ], lines);
    }
}
