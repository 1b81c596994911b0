namespace Messngr.Wire.NetBios.SessionService;

/// <summary>
/// RFC 1002 4.3.4 NEGATIVE SESSION RESPONSE (TYPE 0x83, LENGTH 1): one ERROR_CODE byte.
/// A Messenger answers <see cref="NbssErrorCode.CalledNameNotPresent"/> for a called
/// <c>&lt;03&gt;</c> name it does not own: <c>83 00 00 01 82</c> (protocols.md §5.2).
/// </summary>
public sealed record NegativeSessionResponsePacket(NbssErrorCode ErrorCode) : NbssPacket
{
    public override NbssPacketType Type => NbssPacketType.NegativeSessionResponse;

    public override int BodyLength => 1;

    private protected override void WriteBody(ref WireWriter writer) => writer.WriteByte((byte)ErrorCode);
}
