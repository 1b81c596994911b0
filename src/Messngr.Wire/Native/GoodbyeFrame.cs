namespace Messngr.Wire.Native;

/// <summary>
/// docs/native-protocol.md §5.7 GOODBYE (TYPE 0x30, STREAM-ID 0): the sender opens no new
/// requests on this connection. Grammar: <c>REASON(u16) TEXT(STR8 0..255)</c>.
/// </summary>
public sealed record GoodbyeFrame : NativeFrame
{
    internal const int MinPayload = 2 + 1;

    internal const int MaxPayload = MinPayload + NativeLimits.MaxReasonBytes;

    private readonly int _textBytes;

    public GoodbyeFrame(NativeGoodbyeReason reason, string text = "") : base(0)
    {
        Reason = reason;
        _textBytes = NativeText.Measure(text, 0, NativeLimits.MaxReasonBytes, label: false, nameof(text));
        Text = text;
    }

    public NativeGoodbyeReason Reason { get; }

    public string Text { get; }

    public override NativeFrameType Type => NativeFrameType.Goodbye;

    public override int PayloadLength => MinPayload + _textBytes;

    internal static GoodbyeFrame ReadPayload(uint streamId, ref WireReader payload)
    {
        _ = streamId;
        var reason = (NativeGoodbyeReason)payload.ReadUInt16BigEndian();
        return new GoodbyeFrame(reason, NativeText.ReadStr8(ref payload, 0, NativeLimits.MaxReasonBytes, label: false));
    }

    private protected override void WritePayload(ref WireWriter writer)
    {
        writer.WriteUInt16BigEndian((ushort)Reason);
        NativeText.WriteStr8(ref writer, Text, _textBytes);
    }
}
