namespace Messngr.Wire.DceRpc;

/// <summary>
/// [MS-MSRP] §3.2.4.1 NetrSendMessage response stub: the 4-byte error_status_t return value
/// (no [out] parameters). Values: <see cref="MsrpStatus"/>.
/// </summary>
public readonly record struct NetrSendMessageResponse(uint Status) : INdrPacket<NetrSendMessageResponse>, IWirePacket<NetrSendMessageResponse>
{
    public int EncodedLength => 4;

    /// <summary>Parses a little-endian stub.</summary>
    public static bool TryParse(ReadOnlySpan<byte> stub, out NetrSendMessageResponse value, out PacketError error) =>
        NdrStub.TryParse(stub, NdrDataRepresentation.LittleEndian, out value, out error);

    /// <summary>Parses a stub in the drep of the PDU that carried it.</summary>
    public static bool TryParse(ReadOnlySpan<byte> stub, NdrDataRepresentation representation, out NetrSendMessageResponse value, out PacketError error) =>
        NdrStub.TryParse(stub, representation, out value, out error);

    public static NetrSendMessageResponse Read(ref NdrReader reader)
    {
        reader.Align(4);
        return new(reader.ReadUInt32());
    }

    public static NetrSendMessageResponse Read(ref WireReader reader) => NdrStub.Read<NetrSendMessageResponse>(ref reader, NdrDataRepresentation.LittleEndian);

    public void Write(ref NdrWriter writer)
    {
        writer.Align(4);
        writer.WriteUInt32(Status);
    }

    public void Write(ref WireWriter writer) => NdrStub.Write(this, ref writer, NdrDataRepresentation.LittleEndian);
}
