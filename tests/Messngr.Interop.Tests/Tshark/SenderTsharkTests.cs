using System.Net;
using System.Net.Sockets;
using Messngr.Daemon.Sending;
using Messngr.Daemon.Sending.Transports;
using Messngr.Interop.Tests.Support;
using Messngr.Wire.DceRpc;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.SessionService;
using Messngr.Wire.Smb1;

namespace Messngr.Interop.Tests.Tshark;

/// <summary>
/// The bytes the classic senders (<c>Sending/Transports</c>) really put on the wire, recorded on
/// loopback against Samba-like responders, written to a pcap and judged by tshark 4.0.17
/// (protocols.md §9.2): the SMB request stream (NEGOTIATE + 0xD0, and 0xD5/0xD7/0xD6), the
/// NetrSendMessage request with its ACK, and the mailslot datagram — no malformed or warning items.
/// </summary>
public class SenderTsharkTests
{
    private const string Client = "10.99.0.13", Server = "10.99.0.12", Broadcast = "10.99.0.255";

    private static readonly TransportSettings Settings = new() { Timeout = TimeSpan.FromSeconds(2), DatagramPort = 0 };

    /// <summary>One NBSS frame and who sent it.</summary>
    private sealed record Frame(bool FromClient, byte[] Bytes);

    /// <summary>
    /// Runs the SMB sender against a loopback responder that answers as smbd 4.17 does (§6.6: the
    /// 0xD5 reply has WordCount 0, so the client echoes group id 0 — which also keeps tshark's 0xD7
    /// decoding clean, §9.3 item 9) and returns every frame of the conversation.
    /// </summary>
    private static async Task<(TransportResult Result, List<Frame> Frames)> RecordSmbAsync(ClassicMessage message)
    {
        var frames = new List<Frame>();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            async Task Reply(byte[] bytes)
            {
                lock (frames)
                {
                    frames.Add(new Frame(false, bytes));
                }

                await stream.WriteAsync(bytes);
            }

            while (true)
            {
                var header = new byte[4];
                if (await stream.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false) < 4)
                {
                    return;
                }

                var body = new byte[((header[1] & 1) << 16) | (header[2] << 8) | header[3]];
                await stream.ReadExactlyAsync(body);
                lock (frames)
                {
                    frames.Add(new Frame(true, [.. header, .. body]));
                }

                if (header[0] == (byte)NbssPacketType.SessionRequest)
                {
                    await Reply(PositiveSessionResponsePacket.Instance.ToArray());
                    continue;
                }

                Assert.True(SmbMessage.TryParse(body, out var request, out var error), error.ToString());
                SmbBody replyBody = request!.Command switch
                {
                    SmbCommand.SMB_COM_NEGOTIATE => NegotiateNtLmResponse.Create(0, "12345678"u8.ToArray(), "LAB", "HOSTB", new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc)),
                    SmbCommand.SMB_COM_SEND_START_MB_MESSAGE => new SendStartMbResponse(null),
                    _ => SmbEmptyBody.Instance,
                };
                await Reply(SmbMessage.Reply(request.Header, replyBody).ToSessionMessage());
            }
        });
        var result = await new SmbMessageSender(Settings).SendAsync((IPEndPoint)listener.LocalEndpoint, NetBiosName.Create("HOSTB", NetBiosName.SuffixMessenger),
            NetBiosName.Create("HOSTC", NetBiosName.SuffixWorkstation), message, null, SendDeadline.None, CancellationToken.None);
        await server.WaitAsync(TimeSpan.FromSeconds(5));
        return (result, frames);
    }

    private static PcapWriter SmbPcap(params List<Frame>[] conversations)
    {
        var pcap = new PcapWriter();
        var port = 40100;
        foreach (var frames in conversations)
        {
            var tcp = pcap.Tcp(Client, port++, Server, 139);
            foreach (var frame in frames)
            {
                if (frame.FromClient)
                {
                    tcp.ToServer(frame.Bytes);
                }
                else
                {
                    tcp.ToClient(frame.Bytes);
                }
            }

            tcp.Close();
        }

        return pcap;
    }

    [Fact]
    public async Task SMB_sender_streams_decode_cleanly_as_negotiate_D0_and_D5_D7_D6()
    {
        var (single, singleFrames) = await RecordSmbAsync(new ClassicMessage("alice", "HOSTB", "single block"));
        var (multi, multiFrames) = await RecordSmbAsync(new ClassicMessage("alice", "HOSTB", new string('m', 300)));
        Assert.Equal((SendOutcome.Delivered, SendOutcome.Delivered), (single.Outcome, multi.Outcome));

        var pcap = SmbPcap(singleFrames, multiFrames);
        var problems = Support.Tshark.Problems(pcap);
        Assert.True(problems.Count == 0, string.Join('\n', problems) + "\n" + Support.Tshark.Decode(pcap));

        var rows = Support.Tshark.Fields(pcap, "nbss.type", "nbss.called_name", "nbss.calling_name", "smb.cmd", "smb.flags.response", "smb.originator_name", "smb.destination_name", "smb.message", "smb.dialect.name");
        var lines = rows.Where(r => r[0].Length > 0).Select(r => string.Join('|', r)).ToList();
        Assert.Equal(
        [
            "0x81|HOSTB<03>|HOSTC<00>||||||",
            "0x82||||||||",
            "0x00|||0x72|0||||NT LM 0.12",
            "0x00|||0x72|1||||",
            "0x00|||0xd0|0|alice|HOSTB|single block|",
            "0x00|||0xd0|1||||",
            "0x81|HOSTB<03>|HOSTC<00>||||||",
            "0x82||||||||",
            "0x00|||0xd5|0|alice|HOSTB||",
            "0x00|||0xd5|1||||",
            "0x00|||0xd7|0||||",
            "0x00|||0xd7|1||||",
            "0x00|||0xd7|0||||",
            "0x00|||0xd7|1||||",
            "0x00|||0xd7|0||||",
            "0x00|||0xd7|1||||",
            "0x00|||0xd6|0||||",
            "0x00|||0xd6|1||||",
        ], lines);
    }

    [Fact]
    public async Task NetrSendMessage_request_and_ack_from_the_RPC_sender_decode_cleanly()
    {
        var pcap = new PcapWriter();
        using var server = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var serve = Task.Run(async () =>
        {
            var request = await server.ReceiveAsync();
            pcap.Udp(Client, 1030, Server, 135, request.Buffer);
            Assert.True(ClPdu.TryParse(request.Buffer, out var pdu, out _));
            var response = NetrSendMessage.CreateResponsePdu(pdu!.Header, 0x6523_0000, MsrpStatus.NERR_Success).ToArray();
            pcap.Udp(Server, 135, Client, 1030, response);
            await server.SendAsync(response, request.RemoteEndPoint);
            var ack = await server.ReceiveAsync();
            pcap.Udp(Client, 1030, Server, 135, ack.Buffer);
        });
        var result = await new RpcMessageSender(Settings).SendAsync((IPEndPoint)server.Client.LocalEndPoint!, new ClassicMessage("alice", "HOSTB", "Hello from the RPC sender\nline two"), null, CancellationToken.None);
        await serve.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(SendOutcome.Delivered, result.Outcome);

        var problems = Support.Tshark.Problems(pcap);
        Assert.True(problems.Count == 0, string.Join('\n', problems) + "\n" + Support.Tshark.Decode(pcap));
        var rows = Support.Tshark.Fields(pcap, "dcerpc.pkt_type", "dcerpc.dg_flags1", "dcerpc.dg_if_id", "dcerpc.dg_seqnum", "messenger.server", "messenger.client", "messenger.message", "messenger.rc");
        Assert.Equal(3, rows.Count);
        Assert.Equal(["0", "0x28", "5a7b91f8-ff00-11d0-a9b2-00c04fb6e6fc", "0", "alice", "HOSTB"], rows[0][..6]);
        Assert.StartsWith("Hello from the RPC sender", rows[0][6], StringComparison.Ordinal);
        Assert.EndsWith("line two", rows[0][6], StringComparison.Ordinal);
        Assert.Equal(["2", "0x00000000"], [rows[1][0], rows[1][7]]); // NERR_Success
        Assert.Equal("7", rows[2][0]);
    }

    [Fact]
    public async Task Mailslot_datagram_from_the_mailslot_sender_decodes_cleanly()
    {
        using var receiver = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var result = await new MailslotSender(Settings).SendAsync((IPEndPoint)receiver.Client.LocalEndPoint!, NetBiosName.Create("HOSTC", 0), NetBiosName.Create("LAB", 0),
            IPAddress.Parse(Client), new ClassicMessage("alice", "LAB", "server down in 5 min"), null, CancellationToken.None);
        Assert.Equal(SendOutcome.AcceptedForBroadcast, result.Outcome);
        var bytes = (await receiver.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(2))).Buffer;

        var pcap = new PcapWriter();
        pcap.Udp(Client, 138, Broadcast, 138, bytes);
        var problems = Support.Tshark.Problems(pcap);
        Assert.True(problems.Count == 0, string.Join('\n', problems) + "\n" + Support.Tshark.Decode(pcap));
        var row = Support.Tshark.Fields(pcap, "nbdgm.type", "nbdgm.src.ip", "nbdgm.source_name", "nbdgm.destination_name", "smb.cmd", "mailslot.opcode", "mailslot.class", "mailslot.name", "data.data").Single();
        // nbdgm.type prints in decimal: 17 = 0x11 DIRECT_GROUP (protocols.md §3.1).
        Assert.Equal(["17", Client, "HOSTC<00>", "LAB<00>", "0x25", "1", "2", "\\MAILSLOT\\MESSNGR"], row[..8]);
        Assert.Equal(Convert.ToHexString("alice\0LAB\0server down in 5 min\0"u8).ToLowerInvariant(), row[8].Replace(":", "", StringComparison.Ordinal));
    }
}
