namespace Messngr.Wire.DceRpc;

/// <summary>
/// Body of a cl_cancel PDU: version (0) and the id of the cancel request (C706 §12.5.3.2,
/// DCE <c>rpc_dg_quitpkt_body_t</c>, 4+4 bytes in drep order).
/// </summary>
public readonly record struct ClCancelBody(uint Version, uint CancelId) : INdrPacket<ClCancelBody>
{
    public int EncodedLength => 8;

    public static ClCancelBody Read(ref NdrReader reader) => new(reader.ReadUInt32(), reader.ReadUInt32());

    public void Write(ref NdrWriter writer)
    {
        writer.WriteUInt32(Version);
        writer.WriteUInt32(CancelId);
    }
}
