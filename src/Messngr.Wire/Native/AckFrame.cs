namespace Messngr.Wire.Native;

/// <summary>
/// docs/native-protocol.md §5.5 ACK (TYPE 0x12, STREAM-ID ≠ 0, empty payload): the receiver of
/// a displayed or read RECEIPT committed it; the stream is the RECEIPT's.
/// </summary>
public sealed record AckFrame : NativeFrame
{
    public AckFrame(uint streamId) : base(CheckStreamId(NativeFrameType.Ack, streamId)) { }

    public override NativeFrameType Type => NativeFrameType.Ack;

    public override int PayloadLength => 0;

    private protected override void WritePayload(ref WireWriter writer) { }
}
