namespace Messngr.Wire.DceRpc;

/// <summary>
/// An NDR-encoded body or stub ([MS-RPCE] §2.2.5): like <see cref="IWirePacket{TSelf}"/> but read
/// and written in the PDU's drep. <see cref="EncodedLength"/> assumes the value starts at stub offset 0.
/// Parse one with <see cref="NdrStub.TryParse{T}(ReadOnlySpan{byte}, NdrDataRepresentation, out T, out PacketError, bool)"/>.
/// </summary>
public interface INdrPacket<TSelf> where TSelf : INdrPacket<TSelf>
{
    static abstract TSelf Read(ref NdrReader reader);

    void Write(ref NdrWriter writer);

    int EncodedLength { get; }
}
