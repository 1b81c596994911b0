namespace Messngr.Wire.NetBios.SessionService;

/// <summary>RFC 1002 4.3.7 SESSION KEEP ALIVE (TYPE 0x85, LENGTH 0), sent by either side at any time.</summary>
public sealed record SessionKeepAlivePacket : NbssPacket
{
    private SessionKeepAlivePacket() { }

    public static SessionKeepAlivePacket Instance { get; } = new();

    public override NbssPacketType Type => NbssPacketType.SessionKeepAlive;

    public override int BodyLength => 0;

    private protected override void WriteBody(ref WireWriter writer) { }
}
