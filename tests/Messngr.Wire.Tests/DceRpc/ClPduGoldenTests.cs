using Messngr.Wire.DceRpc;
using Messngr.Wire.Tests.Support;

namespace Messngr.Wire.Tests.DceRpc;

public class ClPduGoldenTests
{
    private static byte[] Encode(ClPdu pdu) => pdu.ToArray();

    private static byte[] EncodeStub(NetrSendMessageRequest request) => request.ToArray();

    [Fact]
    public void Captured_NetrSendMessage_request_matches_the_tshark_decode()
    {
        var bytes = DceRpcSamples.CaptureRequest;
        Assert.Equal(144, bytes.Length);
        var pdu = Golden.Check<ClPdu>(bytes, ClPdu.TryParse, Encode);
        var h = pdu.Header;
        Assert.Equal(ClPacketType.Request, h.PacketType);
        Assert.Equal(ClFlags1.Idempotent, h.Flags1);
        Assert.Equal(ClFlags2.None, h.Flags2);
        Assert.Equal(NdrDataRepresentation.LittleEndian, h.DataRepresentation);
        Assert.Equal(0, h.SerialNumber);
        Assert.Equal(Guid.Empty, h.ObjectId);
        Assert.Equal(new Guid("5a7b91f8-ff00-11d0-a9b2-00c04fb6e6fc"), h.InterfaceId);
        Assert.Equal(new Guid("6cff7fb4-183b-4d48-8c95-4048ff04d322"), h.ActivityId);
        Assert.Equal(0u, h.ServerBoot);
        Assert.Equal(1u, h.InterfaceVersion);
        Assert.Equal(62366u, h.SequenceNumber);
        Assert.Equal(0, h.OperationNumber);
        Assert.Equal(0xFFFF, h.InterfaceHint);
        Assert.Equal(0xFFFF, h.ActivityHint);
        Assert.Equal(64, pdu.Body.Length);
        Assert.Equal(0, h.FragmentNumber);
        Assert.Equal(0, h.AuthProtocol);

        // The sender filled the NDR alignment padding with 0xAB (after "alice\0" and "HOSTB\0").
        // Pad contents are ignored on read (as Windows' NDR engine does) and written as zeros.
        var stub = pdu.Body.ToArray();
        Assert.Equal("abab", Hex.Format(stub.AsSpan(18, 2)));
        Assert.Equal("abab", Hex.Format(stub.AsSpan(38, 2)));
        Assert.True(NetrSendMessageRequest.TryParse(stub, out var request, out var error), error.ToString());
        byte[] zeroPadded = [.. stub[..18], 0, 0, .. stub[20..38], 0, 0, .. stub[40..]];
        Assert.Equal(Hex.Format(zeroPadded), Hex.Format(request!.ToArray()));
        Golden.Check<NetrSendMessageRequest>(zeroPadded, NetrSendMessageRequest.TryParse, EncodeStub);
        Golden.PrefixesRejected<NetrSendMessageRequest>(stub, NetrSendMessageRequest.TryParse);
        Assert.Equal("alice", request.GetFrom());
        Assert.Equal("HOSTB", request.GetTo());
        Assert.Equal("msrp 174920", request.GetText());
    }

    [Fact]
    public void Captured_request_parses_as_a_NetrSendMessage_call()
    {
        Assert.True(NetrSendMessage.TryParseRequestPdu(DceRpcSamples.CaptureRequest, out var pdu, out var request, out var error, out var detail));
        Assert.Equal(MsrpCallError.None, error);
        Assert.Equal(PacketError.None, detail);
        Assert.NotNull(pdu);
        Assert.Equal("alice", request!.GetFrom());
        Assert.Equal("msrp 174920", request.GetText());
    }

    [Fact]
    public void Section_7_6_datagram_parses_and_is_rebuilt_byte_for_byte()
    {
        var bytes = DceRpcSamples.Section76;
        Assert.Equal(156, bytes.Length);
        var pdu = Golden.Check<ClPdu>(bytes, ClPdu.TryParse, Encode);
        Assert.Equal(ClFlags1.Idempotent | ClFlags1.NoFack, pdu.Header.Flags1);
        Assert.Equal(new Guid("4a62ab4f-b228-4e9e-a59b-8f0e07eb2261"), pdu.Header.ActivityId);
        Assert.Equal(76, pdu.Body.Length);

        var request = Golden.Check<NetrSendMessageRequest>(DceRpcSamples.Section76Stub, NetrSendMessageRequest.TryParse, EncodeStub);
        Assert.Equal("ALICE", request.GetFrom());
        Assert.Equal("BOBPC", request.GetTo());
        Assert.Equal("Hello over ncadg_ip_udp", request.GetText());

        // The client builder reproduces the datagram from its values.
        var built = NetrSendMessage.CreateRequestPdu(NetrSendMessageRequest.Create("ALICE", "BOBPC", "Hello over ncadg_ip_udp"), pdu.Header.ActivityId);
        Assert.Equal(Hex.Format(bytes), Hex.Format(built.ToArray()));
    }

    [Fact]
    public void Golden_datagrams_survive_mutation_without_exceptions()
    {
        Hostile.Mutate<ClPdu>(DceRpcSamples.Section76, ClPdu.TryParse);
        Hostile.Mutate<ClPdu>(DceRpcSamples.CaptureRequest, ClPdu.TryParse, randomSeed: 99);
        Hostile.Mutate<NetrSendMessageRequest>(DceRpcSamples.Section76Stub, NetrSendMessageRequest.TryParse);
        Hostile.Mutate<NetrSendMessageRequest>(DceRpcSamples.Section76Stub, BigEndianStub, randomSeed: 7);
        Hostile.Mutate<NetrSendMessageRequest>(DceRpcSamples.Section76, WholeCall, randomSeed: 5);
    }

    [Fact]
    public void Big_endian_header_round_trips_and_keeps_its_values()
    {
        var little = NetrSendMessage.CreateRequestPdu(NetrSendMessageRequest.Create("ALICE", "BOBPC", "hi"), DceRpcSamples.RequestHeader.ActivityId, 0x01020304);
        var big = NetrSendMessage.CreateRequestPdu(NetrSendMessageRequest.Create("ALICE", "BOBPC", "hi"), DceRpcSamples.RequestHeader.ActivityId, 0x01020304, NdrDataRepresentation.BigEndian);
        var bytes = big.ToArray();
        Assert.Equal(0x00, bytes[4]);
        // Interface UUID: first three fields big-endian, the last 8 bytes as in the LE form.
        Assert.Equal("5a7b91f8ff0011d0a9b200c04fb6e6fc", Hex.Format(bytes.AsSpan(24, 16)));
        Assert.Equal("01020304", Hex.Format(bytes.AsSpan(64, 4)));
        Assert.Equal("0000", Hex.Format(bytes.AsSpan(68, 2)));
        // Stub counts are big-endian too.
        Assert.Equal("00000006", Hex.Format(bytes.AsSpan(80, 4)));

        var parsed = Golden.Check<ClPdu>(bytes, ClPdu.TryParse, Encode);
        Assert.Equal(little.Header with { DataRepresentation = NdrDataRepresentation.BigEndian }, parsed.Header);
        Assert.True(NetrSendMessage.TryParseRequest(parsed.Header, parsed.Body.Span, out var request, out var error, out _), error.ToString());
        Assert.Equal("hi", request!.GetText());
    }

    private static bool BigEndianStub(ReadOnlySpan<byte> stub, out NetrSendMessageRequest? value, out PacketError error) =>
        NetrSendMessageRequest.TryParse(stub, NdrDataRepresentation.BigEndian, out value, out error);

    private static bool WholeCall(ReadOnlySpan<byte> datagram, out NetrSendMessageRequest? value, out PacketError error) =>
        NetrSendMessage.TryParseRequestPdu(datagram, out _, out value, out _, out error);
}
