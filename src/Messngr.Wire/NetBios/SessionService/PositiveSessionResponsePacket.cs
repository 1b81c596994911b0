namespace Messngr.Wire.NetBios.SessionService;

/// <summary>RFC 1002 4.3.3 POSITIVE SESSION RESPONSE (TYPE 0x82, LENGTH 0): <c>82 00 00 00</c>.</summary>
public sealed record PositiveSessionResponsePacket : NbssPacket
{
    private PositiveSessionResponsePacket() { }

    public static PositiveSessionResponsePacket Instance { get; } = new();

    public override NbssPacketType Type => NbssPacketType.PositiveSessionResponse;

    public override int BodyLength => 0;

    private protected override void WriteBody(ref WireWriter writer) { }
}
