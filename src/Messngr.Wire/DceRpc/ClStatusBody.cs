namespace Messngr.Wire.DceRpc;

/// <summary>
/// Body of a fault or reject PDU: one 32-bit status in drep order (C706 §12.5.3.3/§12.5.3.8,
/// DCE <c>rpc_dg_epkt_body_t</c>; protocols.md §7.7). Values: <see cref="NcaStatus"/>.
/// </summary>
public readonly record struct ClStatusBody(uint Status) : INdrPacket<ClStatusBody>
{
    public int EncodedLength => 4;

    public static ClStatusBody Read(ref NdrReader reader) => new(reader.ReadUInt32());

    public void Write(ref NdrWriter writer) => writer.WriteUInt32(Status);
}
