namespace Messngr.Wire.NetBios.SessionService;

/// <summary>
/// RFC 1002 4.3.2 SESSION REQUEST (TYPE 0x81): CALLED_NAME then CALLING_NAME, each fully
/// second-level encoded (scope allowed, label pointers not), protocols.md §5.1–5.2.
/// smbclient -M calls <c>NAME&lt;03&gt;</c> from <c>ITSELF&lt;00&gt;</c>: LENGTH 68.
/// </summary>
public sealed record SessionRequestPacket(NetBiosName CalledName, NetBiosName CallingName) : NbssPacket
{
    public override NbssPacketType Type => NbssPacketType.SessionRequest;

    public override int BodyLength => NetBiosNameCodec.GetEncodedLength(CalledName) + NetBiosNameCodec.GetEncodedLength(CallingName);

    internal static SessionRequestPacket ReadBody(ref WireReader body)
    {
        var called = NetBiosNameCodec.Read(ref body, allowPointers: false, out _);
        var calling = NetBiosNameCodec.Read(ref body, allowPointers: false, out _);
        return new SessionRequestPacket(called, calling);
    }

    private protected override void WriteBody(ref WireWriter writer)
    {
        NetBiosNameCodec.Write(ref writer, CalledName);
        NetBiosNameCodec.Write(ref writer, CallingName);
    }
}
