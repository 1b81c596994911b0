using Messngr.Wire.DceRpc;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.DceRpc;

public class ClPduTests
{
    private static readonly ClPduHeader Request = DceRpcSamples.RequestHeader;

    private static byte[] Encode(ClPdu pdu) => pdu.ToArray();

    private static PacketError Reject(byte[] bytes)
    {
        Assert.False(ClPdu.TryParse(bytes, out var pdu, out var error));
        Assert.Null(pdu);
        return error;
    }

    private static byte[] Datagram(Action<byte[]> edit, int bodyLength = 0)
    {
        var bytes = ClPdu.Empty(Request).ToArray().Concat(new byte[bodyLength]).ToArray();
        bytes[74] = (byte)bodyLength;
        bytes[75] = (byte)(bodyLength >> 8);
        edit(bytes);
        return bytes;
    }

    [Fact]
    public void Response_mirrors_the_request_and_carries_the_status()
    {
        var request = Request with { SequenceNumber = 7, Flags1 = ClFlags1.Idempotent };
        var response = NetrSendMessage.CreateResponsePdu(request, 0x12345678, MsrpStatus.NERR_NotLocalName);
        var parsed = Golden.Check<ClPdu>(response.ToArray(), ClPdu.TryParse, Encode);
        Assert.Equal(ClPacketType.Response, parsed.PacketType);
        Assert.Equal(request.ActivityId, parsed.Header.ActivityId);
        Assert.Equal(7u, parsed.Header.SequenceNumber);
        Assert.Equal(MsrpInterfaces.MsgSvcSend, parsed.Header.InterfaceId);
        Assert.Equal(0x12345678u, parsed.Header.ServerBoot);
        Assert.Equal("ed080000", Hex.Format(parsed.Body.Span));
        Assert.True(NetrSendMessage.TryParseResponse(parsed, out var status));
        Assert.Equal(0x8EDu, status);
    }

    [Theory]
    [InlineData(ClPacketType.Fault, NcaStatus.nca_s_fault_ndr)]
    [InlineData(ClPacketType.Reject, NcaStatus.nca_s_unk_if)]
    [InlineData(ClPacketType.Reject, NcaStatus.nca_s_op_rng_error)]
    [InlineData(ClPacketType.Reject, NcaStatus.nca_s_proto_error)]
    public void Fault_and_reject_carry_a_four_byte_status(ClPacketType type, uint status)
    {
        var pdu = type == ClPacketType.Fault ? NetrSendMessage.CreateFaultPdu(Request, 1, status) : NetrSendMessage.CreateRejectPdu(Request, 1, status);
        var parsed = Golden.Check<ClPdu>(pdu.ToArray(), ClPdu.TryParse, Encode);
        Assert.Equal(type, parsed.PacketType);
        Assert.Equal(4, parsed.Body.Length);
        Assert.True(parsed.TryGetStatus(out var read));
        Assert.Equal(status, read);
    }

    [Theory]
    [InlineData(ClPacketType.Ack)]
    [InlineData(ClPacketType.Ping)]
    [InlineData(ClPacketType.Working)]
    [InlineData(ClPacketType.Nocall)]
    [InlineData(ClPacketType.Fack)]
    [InlineData(ClPacketType.CancelAck)]
    public void Empty_body_pdus_round_trip(ClPacketType type)
    {
        var pdu = ClPdu.Empty(Request.Reply(type));
        var parsed = Golden.Check<ClPdu>(pdu.ToArray(), ClPdu.TryParse, Encode);
        Assert.Equal(type, parsed.PacketType);
        Assert.Equal(pdu, parsed);
    }

    [Fact]
    public void Client_ack_mirrors_the_response()
    {
        var response = NetrSendMessage.CreateResponsePdu(Request with { SequenceNumber = 3 }, 99, 0);
        var ack = NetrSendMessage.CreateAckPdu(response.Header);
        Assert.Equal(ClPacketType.Ack, ack.PacketType);
        Assert.Equal(3u, ack.Header.SequenceNumber);
        Assert.Equal(99u, ack.Header.ServerBoot);
        Assert.Equal(0, ack.Body.Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fack_body_round_trips_in_both_byte_orders(bool bigEndian)
    {
        var drep = bigEndian ? NdrDataRepresentation.BigEndian : NdrDataRepresentation.LittleEndian;
        var fack = new ClFackBody { WindowSize = 8, MaxTsdu = 65000, MaxFragmentSize = 1464, SerialNumber = 3, SelectiveAcks = [0b1010, 0xFFFFFFFF] };
        var pdu = ClPdu.Create(Request.Reply(ClPacketType.Fack) with { DataRepresentation = drep }, fack);
        Assert.Equal(24, pdu.Body.Length);
        var parsed = Golden.Check<ClPdu>(pdu.ToArray(), ClPdu.TryParse, Encode);
        Assert.True(parsed.TryGetBody<ClFackBody>(out var read));
        Assert.Equal(fack, read);
        Assert.Equal(1, parsed.Body.Span[0]);
    }

    [Fact]
    public void Cancel_and_cancel_ack_bodies_round_trip()
    {
        var cancel = ClPdu.Create(Request.Reply(ClPacketType.ClCancel), new ClCancelBody(0, 42));
        Assert.True(Golden.Check<ClPdu>(cancel.ToArray(), ClPdu.TryParse, Encode).TryGetBody<ClCancelBody>(out var c));
        Assert.Equal(new ClCancelBody(0, 42), c);
        var ack = ClPdu.Create(Request.Reply(ClPacketType.CancelAck), new ClCancelAckBody(0, 42, true));
        Assert.Equal(9, ack.Body.Length);
        Assert.True(Golden.Check<ClPdu>(ack.ToArray(), ClPdu.TryParse, Encode).TryGetBody<ClCancelAckBody>(out var a));
        Assert.Equal(new ClCancelAckBody(0, 42, true), a);
    }

    [Fact]
    public void Len_beyond_the_packet_is_rejected() =>
        Assert.Equal(PacketError.LengthOutOfRange, Reject(Datagram(b => b[75] = 0x10, bodyLength: 4)));

    [Fact]
    public void Bytes_after_len_are_rejected() =>
        Assert.Equal(PacketError.TrailingBytes, Reject([.. NetrSendMessage.CreateFaultPdu(Request, 1, 1).ToArray(), 0]));

    [Fact]
    public void Wrong_rpc_vers_is_rejected()
    {
        Assert.Equal(PacketError.BadMagic, Reject(Datagram(b => b[0] = 5)));
        Assert.Equal(PacketError.BadMagic, Reject(Datagram(b => b[0] = 0)));
    }

    [Fact]
    public void Connection_oriented_ptype_is_rejected() =>
        Assert.Equal(PacketError.UnknownType, Reject(Datagram(b => b[1] = 11)));

    [Fact]
    public void Ebcdic_drep_is_unsupported() =>
        Assert.Equal(PacketError.Unsupported, Reject(Datagram(b => b[4] = 0x11)));

    [Fact]
    public void Vax_floats_are_unsupported() =>
        Assert.Equal(PacketError.Unsupported, Reject(Datagram(b => b[5] = 1)));

    [Fact]
    public void Undefined_integer_order_is_rejected() =>
        Assert.Equal(PacketError.BadValue, Reject(Datagram(b => b[4] = 0x20)));

    [Fact]
    public void Authenticated_pdu_is_unsupported() =>
        Assert.Equal(PacketError.Unsupported, Reject(Datagram(b => b[78] = 1)));

    [Fact]
    public void Ack_with_a_body_is_rejected() =>
        Assert.Equal(PacketError.TrailingBytes, Reject(Datagram(b => b[1] = (byte)ClPacketType.Ack, bodyLength: 4)));

    [Fact]
    public void Fault_with_a_short_status_is_rejected() =>
        Assert.Equal(PacketError.Truncated, Reject(Datagram(b => b[1] = (byte)ClPacketType.Fault, bodyLength: 2)));

    [Fact]
    public void Fack_with_a_huge_selack_count_is_rejected()
    {
        var error = Reject(Datagram(b => { b[1] = (byte)ClPacketType.Fack; b[80 + 14] = 0xFF; b[80 + 15] = 0xFF; }, bodyLength: 16));
        Assert.Equal(PacketError.CountOutOfRange, error);
        var lying = Reject(Datagram(b => { b[1] = (byte)ClPacketType.Fack; b[80 + 14] = 2; }, bodyLength: 20));
        Assert.Equal(PacketError.LengthOutOfRange, lying);
    }

    [Fact]
    public void Big_endian_header_fields_are_read_in_big_endian()
    {
        // The §7.6 header rewritten by hand in big-endian order.
        var bytes = DceRpcSamples.Section76.ToArray();
        bytes[4] = 0x00;
        Array.Reverse(bytes, 24, 4); Array.Reverse(bytes, 28, 2); Array.Reverse(bytes, 30, 2);
        Array.Reverse(bytes, 40, 4); Array.Reverse(bytes, 44, 2); Array.Reverse(bytes, 46, 2);
        Array.Reverse(bytes, 60, 4); Array.Reverse(bytes, 74, 2);
        foreach (var count in new[] { 80, 84, 88, 100, 104, 108, 120, 124, 128 })
        {
            Array.Reverse(bytes, count, 4);
        }

        var pdu = Golden.Check<ClPdu>(bytes, ClPdu.TryParse, Encode);
        Assert.Equal(MsrpInterfaces.MsgSvcSend, pdu.Header.InterfaceId);
        Assert.Equal(1u, pdu.Header.InterfaceVersion);
        Assert.Equal(76, pdu.Body.Length);
        Assert.True(NetrSendMessage.TryParseRequest(pdu.Header, pdu.Body.Span, out var request, out _, out _));
        Assert.Equal("Hello over ncadg_ip_udp", request!.GetText());
    }

    [Fact]
    public void Serial_number_is_split_across_offsets_7_and_79()
    {
        var bytes = ClPdu.Empty(Request with { SerialNumber = 0x1234 }).ToArray();
        Assert.Equal(0x12, bytes[7]);
        Assert.Equal(0x34, bytes[79]);
    }
}
