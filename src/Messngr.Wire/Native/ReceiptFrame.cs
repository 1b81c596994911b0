namespace Messngr.Wire.Native;

/// <summary>
/// docs/native-protocol.md §5.4 RECEIPT (TYPE 0x11, STREAM-ID ≠ 0). Stored and refused answer a
/// MESSAGE on its stream; displayed and read are requests of their own, answered by ACK.
/// Grammar: <c>MESSAGE-ID(16, UUIDv7) STATE(u8, 1..4) REASON(u16, 0 unless refused, ≠ 0 if
/// refused) AT(i64) DETAIL(STR8 0..255)</c>.
/// </summary>
public sealed record ReceiptFrame : NativeFrame
{
    internal const int MinPayload = 16 + 1 + 2 + 8 + 1;

    internal const int MaxPayload = MinPayload + NativeLimits.MaxReasonBytes;

    private readonly int _detailBytes;

    public ReceiptFrame(uint streamId, Guid messageId, NativeReceiptState state, NativeRefusalReason reason, long at, string detail = "")
        : base(CheckStreamId(NativeFrameType.Receipt, streamId))
    {
        MessageId = NativeFields.CheckMessageId(messageId, allowNil: false, nameof(messageId));
        State = Enum.IsDefined(state) ? state : throw new ArgumentOutOfRangeException(nameof(state), state, "a receipt state is stored, displayed, read or refused");
        if (!ReasonFits(state, reason))
        {
            throw new ArgumentException("a refused receipt needs a reason, and only a refused receipt has one", nameof(reason));
        }

        Reason = reason;
        At = NativeFields.CheckTime(at, nameof(at));
        _detailBytes = NativeText.Measure(detail, 0, NativeLimits.MaxReasonBytes, label: false, nameof(detail));
        Detail = detail;
    }

    public Guid MessageId { get; }

    public NativeReceiptState State { get; }

    public NativeRefusalReason Reason { get; }

    /// <summary>When the receiver reached the state (ms since 1970, UTC, its clock).</summary>
    public long At { get; }

    /// <summary>Free text for people (never parsed): "no such name", "disk full", …</summary>
    public string Detail { get; }

    public override NativeFrameType Type => NativeFrameType.Receipt;

    public override int PayloadLength => MinPayload + _detailBytes;

    internal static ReceiptFrame ReadPayload(uint streamId, ref WireReader payload)
    {
        var id = NativeFields.ReadMessageId(ref payload, allowNil: false);
        var at = payload.AbsolutePosition;
        var state = (NativeReceiptState)payload.ReadByte();
        var reason = (NativeRefusalReason)payload.ReadUInt16BigEndian();
        if (!Enum.IsDefined(state) || !ReasonFits(state, reason))
        {
            throw new MalformedPacketException(PacketError.BadValue, at);
        }

        var time = NativeFields.ReadTime(ref payload);
        var detail = NativeText.ReadStr8(ref payload, 0, NativeLimits.MaxReasonBytes, label: false);
        return new ReceiptFrame(streamId, id, state, reason, time, detail);
    }

    private protected override void WritePayload(ref WireWriter writer)
    {
        NativeFields.WriteMessageId(ref writer, MessageId);
        writer.WriteByte((byte)State);
        writer.WriteUInt16BigEndian((ushort)Reason);
        NativeFields.WriteTime(ref writer, At);
        NativeText.WriteStr8(ref writer, Detail, _detailBytes);
    }

    private static bool ReasonFits(NativeReceiptState state, NativeRefusalReason reason) =>
        (state == NativeReceiptState.Refused) == (reason != NativeRefusalReason.None);
}
