using Messngr.Interop.Tests.Support;
using Messngr.Wire.DceRpc;

namespace Messngr.Interop.Tests.Tshark;

/// <summary>
/// Connectionless DCE/RPC and [MS-MSRP] NetrSendMessage PDUs written by our codecs, judged by
/// tshark 4.0.17 (protocols.md §7, §9.2). tshark finds CL DCE/RPC heuristically on any UDP port and
/// decodes a response's stub as messenger only when it has seen the matching request (same
/// activity and seqnum), so replies always follow their request in the pcap.
/// </summary>
public class DceRpcTsharkTests
{
    private const string Client = "10.99.0.11", Server = "10.99.0.12";
    private const int ClientPort = 1030, EndpointMapper = 135;

    private static readonly Guid Activity = new("6cff7fb4-183b-4d48-8c95-4048ff04d322");

    private static ClPdu Request(uint seq = 1, NdrDataRepresentation? drep = null) => NetrSendMessage.CreateRequestPdu(
        NetrSendMessageRequest.Create("alice", "HOSTB", "Hello from messngr\nsecond line"), Activity, seq, drep);

    private static PcapWriter Conversation(ClPdu request, params ClPdu[] replies)
    {
        var pcap = new PcapWriter();
        pcap.Udp(Client, ClientPort, Server, EndpointMapper, request.ToArray());
        foreach (var reply in replies)
        {
            var fromClient = reply.PacketType is ClPacketType.Ack or ClPacketType.Ping;
            if (fromClient)
            {
                pcap.Udp(Client, ClientPort, Server, EndpointMapper, reply.ToArray());
            }
            else
            {
                pcap.Udp(Server, EndpointMapper, Client, ClientPort, reply.ToArray());
            }
        }

        return pcap;
    }

    [Fact]
    public void NetrSendMessage_request_decodes_with_From_To_and_Text()
    {
        var pcap = Conversation(Request());
        Assert.Empty(Support.Tshark.Problems(pcap));
        var row = Support.Tshark.Fields(pcap, "dcerpc.ver", "dcerpc.pkt_type", "dcerpc.dg_flags1", "dcerpc.dg_if_id", "dcerpc.dg_act_id",
            "dcerpc.dg_seqnum", "dcerpc.opnum", "messenger.server", "messenger.client", "messenger.message").Single();
        Assert.Equal(["4", "0", "0x28", "5a7b91f8-ff00-11d0-a9b2-00c04fb6e6fc", "6cff7fb4-183b-4d48-8c95-4048ff04d322", "1", "0", "alice", "HOSTB"], row[..9]);
        // The line break travels as 0x14 (Windows convention); tshark prints the raw byte escaped.
        Assert.StartsWith("Hello from messngr", row[9], StringComparison.Ordinal);
        Assert.EndsWith("second line", row[9], StringComparison.Ordinal);
    }

    [Fact]
    public void Big_endian_request_decodes_the_same()
    {
        var pcap = Conversation(Request(drep: NdrDataRepresentation.BigEndian));
        Assert.Empty(Support.Tshark.Problems(pcap));
        var row = Support.Tshark.Fields(pcap, "dcerpc.drep.byteorder", "dcerpc.dg_if_id", "dcerpc.dg_seqnum", "messenger.server", "messenger.client").Single();
        Assert.Equal(["0", "5a7b91f8-ff00-11d0-a9b2-00c04fb6e6fc", "1", "alice", "HOSTB"], row);
    }

    [Fact]
    public void Response_decodes_with_the_return_code()
    {
        var request = Request(seq: 2);
        var response = NetrSendMessage.CreateResponsePdu(request.Header, 0x65000000, MsrpStatus.NERR_NotLocalName);
        var pcap = Conversation(request, response);
        Assert.Empty(Support.Tshark.Problems(pcap));
        var rows = Support.Tshark.Fields(pcap, "dcerpc.pkt_type", "dcerpc.dg_if_id", "dcerpc.dg_seqnum", "messenger.rc");
        Assert.Equal(["2", "5a7b91f8-ff00-11d0-a9b2-00c04fb6e6fc", "2", "0x000008ed"], rows[1]);
    }

    [Fact]
    public void Fault_reject_and_ack_decode_cleanly()
    {
        var request = Request(seq: 3);
        var fault = NetrSendMessage.CreateFaultPdu(request.Header, 1, NcaStatus.nca_s_fault_ndr);
        var reject = NetrSendMessage.CreateRejectPdu(request.Header with { SequenceNumber = 4 }, 1, NcaStatus.nca_s_op_rng_error);
        var response = NetrSendMessage.CreateResponsePdu(request.Header with { SequenceNumber = 5 }, 1, 0);
        var ack = NetrSendMessage.CreateAckPdu(response.Header);
        var pcap = Conversation(request, fault, reject, ack);
        Assert.Empty(Support.Tshark.Problems(pcap));
        var rows = Support.Tshark.Fields(pcap, "dcerpc.pkt_type", "dcerpc.dg_if_id", "dcerpc.dg_status", "dcerpc.dg_seqnum");
        Assert.Equal(["3", "5a7b91f8-ff00-11d0-a9b2-00c04fb6e6fc", "0x000006f7", "3"], rows[1]);
        Assert.Equal(["6", "5a7b91f8-ff00-11d0-a9b2-00c04fb6e6fc", "0x1c010002", "4"], rows[2]);
        Assert.Equal(["7", "5a7b91f8-ff00-11d0-a9b2-00c04fb6e6fc", "", "5"], rows[3]);
    }

    [Fact]
    public void Fack_decodes_with_its_body()
    {
        var request = Request(seq: 6);
        var fack = ClPdu.Create(request.Header.Reply(ClPacketType.Fack), new ClFackBody { WindowSize = 8, MaxTsdu = 65000, MaxFragmentSize = 1464, SerialNumber = 0, SelectiveAcks = [1] });
        var pcap = Conversation(request, fack);
        Assert.Empty(Support.Tshark.Problems(pcap));
        var rows = Support.Tshark.Fields(pcap, "dcerpc.pkt_type", "dcerpc.fack_window_size", "dcerpc.fack_max_tsdu", "dcerpc.fack_max_frag_size", "dcerpc.fack_selack_len");
        Assert.Equal(["9", "8", "65000", "1464", "1"], rows[1]);
    }
}
