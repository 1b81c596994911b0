using System.Buffers;
using System.Text;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.SessionService;
using Messngr.Wire.Smb1;
using Messngr.Wire.Tests.Captures;
using Messngr.Wire.Tests.SessionService;

namespace Messngr.Wire.Tests.Smb1;

/// <summary>What each captured peer did, read through our codecs (captures/README.md, protocols.md §6.4–6.6).</summary>
public class SmbCaptureScenarioTests
{
    private static List<SmbMessage> Smbs(byte[] stream) => SmbCaptureTests.Smbs(stream);

    [Fact]
    public void Smbclient_sends_D5_D7_D6_without_negotiate_and_smbd_answers_without_a_group_id()
    {
        var (toServer, toClient) = Assert.Single(Capture.Load("smb-message-smbclient").TcpStreams(139));
        var frames = NbssStream.ReadAll(new ReadOnlySequence<byte>(toServer));
        var request = Assert.IsType<SessionRequestPacket>(frames[0]);
        Assert.Equal(NetBiosName.Create("HOSTB", NetBiosName.SuffixMessenger), request.CalledName);
        Assert.Equal(NetBiosName.Create("HOSTA", NetBiosName.SuffixWorkstation), request.CallingName);

        var requests = Smbs(toServer);
        Assert.Equal([SmbCommand.SMB_COM_SEND_START_MB_MESSAGE, SmbCommand.SMB_COM_SEND_TEXT_MB_MESSAGE, SmbCommand.SMB_COM_SEND_END_MB_MESSAGE], requests.Select(r => r.Command));
        Assert.All(requests, r => Assert.Equal(SmbHeader.ForRequest(r.Command, pidLow: 0x2346), r.Header));
        var start = Assert.IsType<SendStartMbRequest>(requests[0].Body);
        Assert.Equal("alice", start.GetOriginator());
        Assert.Equal("HOSTB", start.GetDestination());
        var text = Assert.IsType<SendTextMbRequest>(requests[1].Body);
        Assert.Equal(0, text.MessageGroupId);
        Assert.Equal("smbclient test 174920\r\n", Encoding.ASCII.GetString(text.Data.Span));
        Assert.Equal(0, Assert.IsType<SendEndMbRequest>(requests[2].Body).MessageGroupId);

        Assert.IsType<PositiveSessionResponsePacket>(NbssStream.ReadAll(new ReadOnlySequence<byte>(toClient))[0]);
        var replies = Smbs(toClient);
        Assert.All(replies, r =>
        {
            Assert.True(r.Header.IsReply);
            Assert.Equal(NtStatus.STATUS_SUCCESS, r.Header.NtStatus);
            Assert.Equal((SmbFlags2)0x4003, r.Header.Flags2);
        });
        var started = Assert.IsType<SendStartMbResponse>(replies[0].Body);
        Assert.Null(started.MessageGroupId); // Samba's WordCount 0 reply (protocols.md §9.3 item 3)
        Assert.Equal(0, started.EffectiveMessageGroupId);
        Assert.Same(SmbEmptyBody.Instance, replies[1].Body);
        Assert.Same(SmbEmptyBody.Instance, replies[2].Body);
    }

    [Fact]
    public void Smbclient_bcast_text_keeps_its_crlf()
    {
        var (toServer, _) = Assert.Single(Capture.Load("smb-message-smbclient-bcast").TcpStreams(139));
        var requests = Smbs(toServer);
        Assert.Equal("bob", Assert.IsType<SendStartMbRequest>(requests[0].Body).GetOriginator());
        Assert.Equal("smbclient bcast 174920\r\n", Encoding.ASCII.GetString(Assert.IsType<SendTextMbRequest>(requests[1].Body).Data.Span));
    }

    [Fact]
    public void Impacket_multi_block_text_reassembles_from_16_byte_blocks()
    {
        var (toServer, toClient) = Assert.Single(Capture.Load("smb-message-impacket-multi").TcpStreams(139));
        var requests = Smbs(toServer);
        Assert.Equal("carol", Assert.IsType<SendStartMbRequest>(requests[0].Body).GetOriginator());
        var blocks = requests.Select(r => r.Body).OfType<SendTextMbRequest>().ToList();
        Assert.Equal([16, 16, 16, 3], blocks.Select(b => b.Data.Length));
        Assert.Equal("impacket multi-block 174920, several 16-byte chunks", Encoding.ASCII.GetString(blocks.SelectMany(b => b.Data.ToArray()).ToArray()));
        Assert.Equal([1, 2, 3, 4, 5, 6], requests.Select(r => (int)r.Header.Mid));
        Assert.All(requests, r => Assert.Equal((0xFFFF, 0x1234, SmbFlags.SMB_FLAGS_CASE_INSENSITIVE), (r.Header.Tid, r.Header.PidLow, r.Header.Flags)));
        Assert.All(Smbs(toClient), r => Assert.Equal(SmbFlags.SMB_FLAGS_REPLY | SmbFlags.SMB_FLAGS_CASE_INSENSITIVE, r.Header.Flags));
    }

    [Fact]
    public void Impacket_negotiate_then_single_block_message()
    {
        var (toServer, toClient) = Assert.Single(Capture.Load("smb-message-impacket-single-negprot").TcpStreams(139));
        var requests = Smbs(toServer);
        Assert.Equal(NegotiateRequest.Messenger, requests[0].Body);
        var send = Assert.IsType<SendMessageRequest>(requests[1].Body);
        Assert.Equal(("dave", "HOSTB"), (send.GetOriginator(), send.GetDestination()));
        Assert.Equal("impacket single-block 174920", Encoding.ASCII.GetString(send.Data.Span));

        var replies = Smbs(toClient);
        var negotiated = Assert.IsType<NegotiateNtLmResponse>(replies[0].Body);
        Assert.Equal(0, negotiated.DialectIndex);
        Assert.Equal((SmbCapabilities)0x0080F3FD, negotiated.Capabilities);
        Assert.True(negotiated.TryGetNames(out var domain, out var server));
        Assert.Equal(("LAB", "HOSTB"), (domain, server));
        Assert.Equal(new DateTime(2026, 11, 23, 17, 50, 15, DateTimeKind.Utc), negotiated.SystemTimeUtc!.Value.AddTicks(-5231784));
        Assert.Same(SmbEmptyBody.Instance, replies[1].Body);
    }

    [Fact]
    public void Single_block_without_negotiate_is_dropped_by_smbd()
    {
        var (toServer, toClient) = Assert.Single(Capture.Load("smb-message-impacket-single-no-negprot").TcpStreams(139));
        var send = Assert.IsType<SendMessageRequest>(Assert.Single(Smbs(toServer)).Body);
        Assert.Equal("erin", send.GetOriginator());
        Assert.Equal("no negprot 174920", Encoding.ASCII.GetString(send.Data.Span));
        Assert.IsType<PositiveSessionResponsePacket>(Assert.Single(NbssStream.ReadAll(new ReadOnlySequence<byte>(toClient))));
    }

    [Fact]
    public void Smbd_without_message_command_answers_ERRDOS_0x47()
    {
        var (_, toClient) = Assert.Single(Capture.Load("smb-message-no-command").TcpStreams(139));
        var reply = Assert.Single(Smbs(toClient));
        Assert.True(reply.Header.IsReply && reply.Header.IsError);
        Assert.Null(reply.Header.NtStatus);
        Assert.Equal(SmbDosError.ERROR_REQ_NOT_ACCEP, reply.Header.DosError);
        Assert.Equal((SmbFlags2)0x0003, reply.Header.Flags2);
        Assert.Equal(SmbRawBody.Empty, reply.Body);
        // Our factory builds the same reply from the same request, apart from smbd's Flags2 long-name/EA bits.
        var request = Assert.Single(Smbs(Assert.Single(Capture.Load("smb-message-no-command").TcpStreams(139)).ToServer));
        Assert.Equal(reply with { Header = reply.Header with { Flags2 = SmbFlags2.None } }, SmbErrorReplies.RequestNotAccepted(request.Header));
    }

    [Fact]
    public void Smbd_with_smb2_minimum_closes_after_D5_without_an_smb2_reply()
    {
        var (toServer, toClient) = Assert.Single(Capture.Load("smb-message-smb2min-fails").TcpStreams(139));
        Assert.Equal(SmbCommand.SMB_COM_SEND_START_MB_MESSAGE, Assert.Single(Smbs(toServer)).Command);
        // smbd exits ("Invalid initial SMB1 packet") instead of answering: only the 0x82 came back.
        var frames = NbssStream.ReadAll(new ReadOnlySequence<byte>(toClient));
        Assert.IsType<PositiveSessionResponsePacket>(Assert.Single(frames));
        Assert.DoesNotContain(frames.OfType<SessionMessagePacket>(), m => SmbMessage.IsSmb2(m.Payload.Span));
    }
}
