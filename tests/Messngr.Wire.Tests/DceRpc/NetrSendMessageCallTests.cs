using Messngr.Wire.DceRpc;

namespace Messngr.Wire.Tests.DceRpc;

public class NetrSendMessageCallTests
{
    private static readonly NetrSendMessageRequest Hello = NetrSendMessageRequest.Create("ALICE", "BOBPC", "hello");

    private static MsrpCallError Check(Func<ClPduHeader, ClPduHeader> edit, out ClPdu? reply)
    {
        var pdu = NetrSendMessage.CreateRequestPdu(Hello, Guid.NewGuid());
        var bytes = new ClPdu(edit(pdu.Header), pdu.Body.Span).ToArray();
        Assert.False(NetrSendMessage.TryParseRequestPdu(bytes, out var parsed, out var request, out var error, out _));
        Assert.Null(request);
        reply = parsed is null ? null : NetrSendMessage.CreateErrorReply(parsed.Header, 77, error);
        return error;
    }

    [Fact]
    public void Client_request_pdu_has_the_spec_header()
    {
        var pdu = NetrSendMessage.CreateRequestPdu(Hello);
        var h = pdu.Header;
        Assert.Equal(ClPacketType.Request, h.PacketType);
        Assert.Equal((ClFlags1)0x28, h.Flags1);
        Assert.Equal(MsrpInterfaces.MsgSvcSend, h.InterfaceId);
        Assert.Equal(1u, h.InterfaceVersion);
        Assert.Equal(0, h.OperationNumber);
        Assert.Equal(0u, h.ServerBoot);
        Assert.Equal(0xFFFF, h.InterfaceHint);
        Assert.Equal(0xFFFF, h.ActivityHint);
        Assert.NotEqual(Guid.Empty, h.ActivityId);
        Assert.NotEqual(h.ActivityId, NetrSendMessage.CreateRequestPdu(Hello).Header.ActivityId);
        Assert.True(NetrSendMessage.TryParseRequestPdu(pdu.ToArray(), out _, out var request, out _, out _));
        Assert.Equal(Hello, request);
    }

    [Fact]
    public void Foreign_interface_is_rejected_with_nca_s_unk_if()
    {
        Assert.Equal(MsrpCallError.UnknownInterface, Check(h => h with { InterfaceId = MsrpInterfaces.MsgSvc }, out var reply));
        Assert.Equal(ClPacketType.Reject, reply!.PacketType);
        Assert.True(reply.TryGetStatus(out var status));
        Assert.Equal(NcaStatus.nca_s_unk_if, status);
        Assert.Equal(77u, reply.Header.ServerBoot);
    }

    [Fact]
    public void Major_version_other_than_1_is_rejected_with_nca_s_unk_if()
    {
        Assert.Equal(MsrpCallError.UnsupportedVersion, Check(h => h with { InterfaceVersion = 2 }, out var reply));
        Assert.True(reply!.TryGetStatus(out var status));
        Assert.Equal(NcaStatus.nca_s_unk_if, status);
    }

    [Fact]
    public void Minor_version_is_ignored()
    {
        var pdu = NetrSendMessage.CreateRequestPdu(Hello);
        var bytes = new ClPdu(pdu.Header with { InterfaceVersion = 0x00010001 }, pdu.Body.Span).ToArray();
        Assert.True(NetrSendMessage.TryParseRequestPdu(bytes, out _, out _, out _, out _));
    }

    [Fact]
    public void Other_opnum_is_rejected_with_nca_s_op_rng_error()
    {
        Assert.Equal(MsrpCallError.OperationOutOfRange, Check(h => h with { OperationNumber = 1 }, out var reply));
        Assert.True(reply!.TryGetStatus(out var status));
        Assert.Equal(NcaStatus.nca_s_op_rng_error, status);
    }

    [Fact]
    public void Non_request_is_not_a_call_and_gets_no_reply()
    {
        Assert.Equal(MsrpCallError.NotARequest, Check(h => h with { PacketType = ClPacketType.Response }, out var reply));
        Assert.Null(reply);
    }

    [Fact]
    public void Fragment_is_reported_for_the_reassembler_and_gets_no_reply()
    {
        Assert.Equal(MsrpCallError.Fragmented, Check(h => h with { Flags1 = h.Flags1 | ClFlags1.Fragment }, out var reply));
        Assert.Null(reply);
    }

    [Fact]
    public void Bad_stub_gets_a_fault_nca_s_fault_ndr()
    {
        var pdu = NetrSendMessage.CreateRequestPdu(Hello);
        var bytes = new ClPdu(pdu.Header, pdu.Body.Span[..^1]).ToArray();
        Assert.False(NetrSendMessage.TryParseRequestPdu(bytes, out var parsed, out _, out var error, out var detail));
        Assert.Equal(MsrpCallError.MalformedStub, error);
        Assert.Equal(PacketError.LengthOutOfRange, detail);
        var reply = NetrSendMessage.CreateErrorReply(parsed!.Header, 1, error);
        Assert.Equal(ClPacketType.Fault, reply!.PacketType);
        Assert.True(reply.TryGetStatus(out var status));
        Assert.Equal(NcaStatus.nca_s_fault_ndr, status);
    }

    [Fact]
    public void Malformed_datagram_is_dropped_without_pdu()
    {
        Assert.False(NetrSendMessage.TryParseRequestPdu([4, 0, 0x28], out var pdu, out _, out var error, out var detail));
        Assert.Null(pdu);
        Assert.Equal(MsrpCallError.MalformedPdu, error);
        Assert.Equal(PacketError.Truncated, detail);
    }

    [Fact]
    public void Response_mirrors_big_endian_requests_in_big_endian()
    {
        var request = NetrSendMessage.CreateRequestPdu(Hello, Guid.NewGuid(), 5, NdrDataRepresentation.BigEndian);
        var response = NetrSendMessage.CreateResponsePdu(request.Header, 1, MsrpStatus.NERR_Success);
        Assert.Equal(NdrDataRepresentation.BigEndian, response.Header.DataRepresentation);
        Assert.True(ClPdu.TryParse(response.ToArray(), out var parsed, out _));
        Assert.True(NetrSendMessage.TryParseResponse(parsed!, out var status));
        Assert.Equal(0u, status);
        Assert.Equal(5u, parsed!.Header.SequenceNumber);
    }

    [Fact]
    public void Status_constants_match_the_spec_values()
    {
        Assert.Equal(0x858u, MsrpStatus.NERR_NetworkError);
        Assert.Equal(0x8EDu, MsrpStatus.NERR_NotLocalName);
        Assert.Equal(0x8F9u, MsrpStatus.NERR_DuplicateName);
        Assert.Equal(0x32u, MsrpStatus.ERROR_NOT_SUPPORTED);
        Assert.Equal(0x1C010002u, NcaStatus.nca_s_op_rng_error);
        Assert.Equal(0x1C010003u, NcaStatus.nca_s_unk_if);
        Assert.Equal(0x1C01000Bu, NcaStatus.nca_s_proto_error);
        Assert.Equal(0x6F7u, NcaStatus.nca_s_fault_ndr);
    }

    [Fact]
    public void Ebcdic_request_is_not_parsed_but_can_be_rejected_nca_s_unsupported_type()
    {
        var bytes = NetrSendMessage.CreateRequestPdu(Hello, Guid.NewGuid(), 7).ToArray();
        bytes[4] = 0x11; // little-endian, EBCDIC
        Assert.False(ClPdu.TryParse(bytes, out _, out _));
        Assert.True(ClPduHeader.TryReadUnsupported(bytes, out var header, out var status));
        Assert.Equal(NcaStatus.nca_s_unsupported_type, status);
        Assert.Equal(7u, header!.SequenceNumber);
        Assert.Equal(NdrDataRepresentation.LittleEndian, header.DataRepresentation);
        var reject = NetrSendMessage.CreateRejectPdu(header, 1, status);
        Assert.True(ClPdu.TryParse(reject.ToArray(), out var parsed, out _));
        Assert.Equal(ClPacketType.Reject, parsed!.PacketType);
    }

    [Fact]
    public void Authenticated_request_can_be_rejected_nca_s_unsupported_authn_level()
    {
        var pdu = NetrSendMessage.CreateRequestPdu(Hello, Guid.NewGuid());
        var bytes = pdu.ToArray().Concat(new byte[16]).ToArray(); // the verifier follows the body
        bytes[78] = 1;
        Assert.False(ClPdu.TryParse(bytes, out _, out _));
        Assert.True(ClPduHeader.TryReadUnsupported(bytes, out var header, out var status));
        Assert.Equal(NcaStatus.nca_s_unsupported_authn_level, status);
        Assert.Equal(pdu.Header.ActivityId, header!.ActivityId);
        Assert.Equal(0, header.AuthProtocol);
    }

    [Fact]
    public void Only_requests_with_an_unsupported_feature_are_read_leniently()
    {
        var good = NetrSendMessage.CreateRequestPdu(Hello).ToArray();
        Assert.False(ClPduHeader.TryReadUnsupported(good, out _, out _)); // parses normally
        var truncated = good.ToArray();
        truncated[4] = 0x11;
        Assert.False(ClPduHeader.TryReadUnsupported(truncated.AsSpan(0, 100), out _, out _)); // len beyond the datagram
        var ping = good.ToArray();
        ping[1] = (byte)ClPacketType.Ping;
        ping[4] = 0x11;
        Assert.False(ClPduHeader.TryReadUnsupported(ping, out _, out _));
        var badOrder = good.ToArray();
        badOrder[4] = 0x21;
        Assert.False(ClPduHeader.TryReadUnsupported(badOrder, out _, out _));
        Assert.False(ClPduHeader.TryReadUnsupported(good.AsSpan(0, 79), out _, out _));
    }
}
