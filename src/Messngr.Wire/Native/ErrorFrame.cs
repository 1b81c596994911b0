namespace Messngr.Wire.Native;

/// <summary>
/// docs/native-protocol.md §5.8 ERROR (TYPE 0x3F): a fatal error; the sender closes the
/// connection after it, the receiver closes on reading it. STREAM-ID names the frame at fault,
/// or 0. Grammar: <c>CODE(u16) REASON(STR8 0..255)</c>.
/// </summary>
public sealed record ErrorFrame : NativeFrame
{
    private readonly int _reasonBytes;

    public ErrorFrame(uint streamId, NativeErrorCode code, string reason = "") : base(streamId)
    {
        Code = code;
        _reasonBytes = NativeText.Measure(reason, 0, NativeLimits.MaxReasonBytes, label: false, nameof(reason));
        Reason = reason;
    }

    public NativeErrorCode Code { get; }

    /// <summary>Free text for logs; never parsed, and sanitised before anyone shows it.</summary>
    public string Reason { get; }

    public override NativeFrameType Type => NativeFrameType.Error;

    public override int PayloadLength => GoodbyeFrame.MinPayload + _reasonBytes;

    internal static ErrorFrame ReadPayload(uint streamId, ref WireReader payload)
    {
        var code = (NativeErrorCode)payload.ReadUInt16BigEndian();
        return new ErrorFrame(streamId, code, NativeText.ReadStr8(ref payload, 0, NativeLimits.MaxReasonBytes, label: false));
    }

    private protected override void WritePayload(ref WireWriter writer)
    {
        writer.WriteUInt16BigEndian((ushort)Code);
        NativeText.WriteStr8(ref writer, Reason, _reasonBytes);
    }
}
