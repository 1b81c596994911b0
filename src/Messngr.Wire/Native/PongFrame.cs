namespace Messngr.Wire.Native;

/// <summary>docs/native-protocol.md §5.6 PONG (TYPE 0x21): PING's stream and 8 bytes, echoed.</summary>
public sealed record PongFrame : NativeFrame
{
    public PongFrame(uint streamId, ulong data) : base(CheckStreamId(NativeFrameType.Pong, streamId)) => Data = data;

    public ulong Data { get; }

    public override NativeFrameType Type => NativeFrameType.Pong;

    public override int PayloadLength => NativeLimits.PingDataLength;

    private protected override void WritePayload(ref WireWriter writer) => NativeFields.WriteUInt64(ref writer, Data);
}
