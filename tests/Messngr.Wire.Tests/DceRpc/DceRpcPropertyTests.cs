using FsCheck;
using FsCheck.Fluent;
using Messngr.Wire.DceRpc;

namespace Messngr.Wire.Tests.DceRpc;

/// <summary>Random valid values → write → read → equal, for every DCE/RPC packet type, in both byte orders.</summary>
public class DceRpcPropertyTests
{
    private static readonly Gen<NdrDataRepresentation> Drep = Gen.Elements(NdrDataRepresentation.LittleEndian, NdrDataRepresentation.BigEndian);

    private static readonly Gen<byte> Byte = Gen.Choose(0, 255).Select(b => (byte)b);

    private static readonly Gen<ushort> UInt16 = Gen.Choose(0, ushort.MaxValue).Select(v => (ushort)v);

    private static readonly Gen<uint> UInt32 = Gen.Zip(UInt16, UInt16).Select(t => ((uint)t.Item1 << 16) | t.Item2);

    private static readonly Gen<Guid> Uuid = Gen.ArrayOf(Byte, 16).Select(b => new Guid(b));

    private static readonly Gen<ClPduHeader> Header =
        from type in Gen.Choose(0, 10)
        from flags in Gen.Zip(Byte, Byte)
        from drep in Drep
        from ids in Gen.Zip(Uuid, Uuid, (a, b) => (a, b))
        from activity in Uuid
        from numbers in Gen.Zip(UInt32, UInt32, (a, b) => (a, b))
        from seq in UInt32
        from shorts in Gen.ArrayOf(UInt16, 5)
        select new ClPduHeader
        {
            PacketType = (ClPacketType)type,
            Flags1 = (ClFlags1)flags.Item1,
            Flags2 = (ClFlags2)flags.Item2,
            DataRepresentation = drep,
            ObjectId = ids.a,
            InterfaceId = ids.b,
            ActivityId = activity,
            ServerBoot = numbers.a,
            InterfaceVersion = numbers.b,
            SequenceNumber = seq,
            OperationNumber = shorts[0],
            InterfaceHint = shorts[1],
            ActivityHint = shorts[2],
            FragmentNumber = shorts[3],
            SerialNumber = shorts[4],
        };

    private static Gen<byte[]> OemBytes(int maxLength) =>
        Gen.Choose(0, maxLength).SelectMany(n => Gen.ArrayOf(Gen.Choose(1, 255).Select(b => (byte)b), n));

    private static readonly Gen<NetrSendMessageRequest> Request =
        from sender in OemBytes(20)
        from recipient in OemBytes(NetrSendMessageRequest.MaxNameLength)
        from text in OemBytes(700)
        select NetrSendMessageRequest.FromOem(sender, recipient, text);

    private static readonly Gen<ClFackBody> Fack =
        from version in Byte
        from window in UInt16
        from sizes in Gen.Zip(UInt32, UInt32, (a, b) => (a, b))
        from serial in UInt16
        from masks in Gen.Choose(0, ClFackBody.MaxSelectiveAcks).SelectMany(n => Gen.ArrayOf(UInt32, n))
        select new ClFackBody { Version = version, WindowSize = window, MaxTsdu = sizes.a, MaxFragmentSize = sizes.b, SerialNumber = serial, SelectiveAcks = masks };

    /// <summary>A PDU whose body suits its type.</summary>
    private static readonly Gen<ClPdu> Pdu =
        from header in Header
        from status in UInt32
        from fack in Fack
        from stub in OemBytes(300)
        from accepting in Gen.Elements(true, false)
        select header.PacketType switch
        {
            ClPacketType.Fault or ClPacketType.Reject => ClPdu.Create(header, new ClStatusBody(status)),
            ClPacketType.Fack or ClPacketType.Nocall => ClPdu.Create(header, fack),
            ClPacketType.ClCancel => ClPdu.Create(header, new ClCancelBody(status, 7)),
            ClPacketType.CancelAck => ClPdu.Create(header, new ClCancelAckBody(0, status, accepting)),
            ClPacketType.Request or ClPacketType.Response => new ClPdu(header, stub),
            _ => ClPdu.Empty(header),
        };

    [Fact]
    public void Any_pdu_round_trips() => Prop.ForAll(Pdu.ToArbitrary(), pdu =>
    {
        var bytes = pdu.ToArray();
        Assert.Equal(pdu.EncodedLength, bytes.Length);
        Assert.True(ClPdu.TryParse(bytes, out var read, out var error), error.ToString());
        Assert.Equal(pdu, read);
    }).QuickCheckThrowOnFailure();

    [Fact]
    public void Any_request_stub_round_trips_in_both_byte_orders() => Prop.ForAll(Request.ToArbitrary(), Drep.ToArbitrary(), (request, drep) =>
    {
        var bytes = request.ToArray(drep);
        Assert.Equal(request.EncodedLength, bytes.Length);
        Assert.True(NetrSendMessageRequest.TryParse(bytes, drep, out var read, out var error), error.ToString());
        Assert.Equal(request, read);
    }).QuickCheckThrowOnFailure();

    [Fact]
    public void Any_request_pdu_round_trips_through_the_call_parser() => Prop.ForAll(Request.ToArbitrary(), Drep.ToArbitrary(), (request, drep) =>
    {
        var pdu = NetrSendMessage.CreateRequestPdu(request, Guid.NewGuid(), 3, drep);
        Assert.True(NetrSendMessage.TryParseRequestPdu(pdu.ToArray(), out var read, out var parsed, out var error, out _), error.ToString());
        Assert.Equal(pdu, read);
        Assert.Equal(request, parsed);
    }).QuickCheckThrowOnFailure();

    [Fact]
    public void Any_response_stub_round_trips() => Prop.ForAll(UInt32.ToArbitrary(), Drep.ToArbitrary(), (status, drep) =>
    {
        var bytes = NdrStub.ToArray(new NetrSendMessageResponse(status), drep);
        Assert.True(NetrSendMessageResponse.TryParse(bytes, drep, out var read, out _));
        Assert.Equal(status, read.Status);
    }).QuickCheckThrowOnFailure();

    [Fact]
    public void Any_fack_body_round_trips() => Prop.ForAll(Fack.ToArbitrary(), Drep.ToArbitrary(), (fack, drep) =>
    {
        var bytes = NdrStub.ToArray(fack, drep);
        Assert.Equal(fack.EncodedLength, bytes.Length);
        Assert.True(NdrStub.TryParse<ClFackBody>(bytes, drep, out var read, out _));
        Assert.Equal(fack, read);
    }).QuickCheckThrowOnFailure();

    [Fact]
    public void Any_split_of_a_stub_reassembles() => Prop.ForAll(Request.ToArbitrary(), Gen.Choose(1, 200).ToArbitrary(), (request, fragmentSize) =>
    {
        var stub = request.ToArray();
        var size = Math.Max(fragmentSize, (stub.Length + ClReassemblyBudget.Default.MaxFragmentsPerActivity - 1) / ClReassemblyBudget.Default.MaxFragmentsPerActivity);
        var count = (stub.Length + size - 1) / size;
        var activity = Guid.NewGuid();
        var reassembler = new ClFragmentReassembler();
        var order = Enumerable.Range(0, count).OrderBy(i => (i * 7919) % count).ToList();
        ClReassemblyStatus status = ClReassemblyStatus.NeedMore;
        byte[]? body = null;
        foreach (var i in order)
        {
            var header = DceRpcSamples.RequestHeader with
            {
                ActivityId = activity,
                FragmentNumber = (ushort)i,
                Flags1 = ClFlags1.Fragment | (i == count - 1 ? ClFlags1.LastFragment : ClFlags1.None),
            };
            status = reassembler.Add(new ClPdu(header, stub.AsSpan(i * size, Math.Min(size, stub.Length - (i * size)))), TimeSpan.Zero, out _, out body);
        }

        Assert.Equal(ClReassemblyStatus.Complete, status);
        Assert.Equal(stub, body);
    }).QuickCheckThrowOnFailure();
}
