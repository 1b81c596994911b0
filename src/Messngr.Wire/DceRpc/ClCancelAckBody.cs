namespace Messngr.Wire.DceRpc;

/// <summary>
/// Body of a cancel_ack PDU: version (0), the cancel id being acknowledged and whether the server
/// accepts cancels, an NDR boolean of one byte (DCE <c>rpc_dg_quackpkt_body_t</c>, 4+4+1 bytes
/// on the wire; Wireshark <c>dcerpc.server_accepting_cancels</c>). Any non-zero boolean reads as true.
/// </summary>
public readonly record struct ClCancelAckBody(uint Version, uint CancelId, bool ServerIsAccepting) : INdrPacket<ClCancelAckBody>
{
    public int EncodedLength => 9;

    public static ClCancelAckBody Read(ref NdrReader reader) => new(reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadByte() != 0);

    public void Write(ref NdrWriter writer)
    {
        writer.WriteUInt32(Version);
        writer.WriteUInt32(CancelId);
        writer.WriteByte(ServerIsAccepting ? (byte)1 : (byte)0);
    }
}
