namespace Messngr.Wire.Native;

/// <summary>
/// docs/native-protocol.md §5.6 PING (TYPE 0x20, STREAM-ID ≠ 0): <c>DATA(8 opaque bytes)</c>,
/// answered by a PONG with the same stream and data.
/// </summary>
public sealed record PingFrame : NativeFrame
{
    public PingFrame(uint streamId, ulong data) : base(CheckStreamId(NativeFrameType.Ping, streamId)) => Data = data;

    /// <summary>The 8 bytes, read big-endian.</summary>
    public ulong Data { get; }

    public override NativeFrameType Type => NativeFrameType.Ping;

    public override int PayloadLength => NativeLimits.PingDataLength;

    private protected override void WritePayload(ref WireWriter writer) => NativeFields.WriteUInt64(ref writer, Data);
}
