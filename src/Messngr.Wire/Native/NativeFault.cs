namespace Messngr.Wire.Native;

/// <summary>
/// Why a frame was refused: the wire <see cref="Code"/> to send in ERROR (docs/native-protocol.md
/// §7), the codec's <see cref="Reason"/>, where in the frame, and the frame's stream id when the
/// header got that far (else 0).
/// </summary>
public readonly record struct NativeFault(NativeErrorCode Code, PacketError Reason, long Offset, uint StreamId)
{
    /// <summary>The wire code for a payload that <see cref="NativeFrame.TryParse"/> refused.</summary>
    public static NativeErrorCode CodeFor(PacketError reason) => reason switch
    {
        PacketError.LengthOutOfRange or PacketError.CountOutOfRange => NativeErrorCode.LimitExceeded,
        PacketError.InvalidText => NativeErrorCode.InvalidText,
        PacketError.UnknownType => NativeErrorCode.UnknownType,
        PacketError.Unsupported => NativeErrorCode.UnsupportedVersion,
        _ => NativeErrorCode.Malformed,
    };

    /// <summary>The ERROR frame to send before closing (its REASON names the field's offset, not its bytes).</summary>
    public ErrorFrame ToErrorFrame() => new(StreamId, Code, $"{Reason} at offset {Offset}");
}
