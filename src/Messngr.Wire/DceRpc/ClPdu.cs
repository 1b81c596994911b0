namespace Messngr.Wire.DceRpc;

/// <summary>
/// A connectionless DCE/RPC PDU (ncadg_ip_udp datagram): C706 §12.5, protocols.md §7.4–§7.7.
/// The 80-byte <see cref="ClPduHeader"/> and <c>len</c> bytes of body, kept raw so that writing
/// gives back the bytes read. Bodies are checked per type on read: ping, working and ack are empty;
/// fault and reject carry a <see cref="ClStatusBody"/>; fack and nocall an optional <see cref="ClFackBody"/>;
/// cl_cancel a <see cref="ClCancelBody"/>; cancel_ack an optional <see cref="ClCancelAckBody"/>;
/// request and response an NDR stub. Versioned bodies may carry extra bytes after their
/// version-0 fields (C706 "end of version 0 format"); they are kept.
/// </summary>
public sealed record ClPdu : IWirePacket<ClPdu>
{
    /// <summary>Largest body in one datagram: 65,507 bytes of IPv4 UDP payload minus the header.</summary>
    public const int MaxBodyLength = 65_507 - ClPduHeader.Length;

    public ClPdu(ClPduHeader header, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (body.Length > MaxBodyLength)
        {
            throw new ArgumentException($"a CL PDU body is at most {MaxBodyLength} bytes, got {body.Length}; fragment it", nameof(body));
        }

        Header = header;
        Body = body.ToArray();
    }

    public ClPduHeader Header { get; }

    /// <summary>The body (len bytes after the header), in the header's drep.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    public ClPacketType PacketType => Header.PacketType;

    public int EncodedLength => ClPduHeader.Length + Body.Length;

    /// <summary>Parses one whole datagram; bytes after <c>len</c> are an error.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out ClPdu? pdu, out PacketError error) =>
        WirePacket.TryParse(bytes, out pdu, out error);

    /// <summary>A PDU whose body is <paramref name="body"/> encoded in the header's drep.</summary>
    public static ClPdu Create<T>(ClPduHeader header, T body) where T : INdrPacket<T>
    {
        ArgumentNullException.ThrowIfNull(header);
        return new ClPdu(header, NdrStub.ToArray(body, header.DataRepresentation));
    }

    /// <summary>A PDU with an empty body (ping, working, nocall, ack, fack of old peers).</summary>
    public static ClPdu Empty(ClPduHeader header) => new(header, []);

    public static ClPdu Read(ref WireReader reader)
    {
        var header = ClPduHeader.Read(ref reader, out var bodyLength);
        var body = reader.ReadSubReader(bodyLength);
        CheckBody(header, body);
        return new ClPdu(header, body.Buffer);
    }

    public void Write(ref WireWriter writer)
    {
        Header.Write(ref writer, Body.Length);
        writer.WriteBytes(Body.Span);
    }

    public byte[] ToArray() => WirePacket.ToArray(this);

    /// <summary>Decodes the body as <typeparamref name="T"/> in the header's drep (extra bytes after it allowed).</summary>
    public bool TryGetBody<T>(out T? body) where T : INdrPacket<T> =>
        NdrStub.TryParse(Body.Span, Header.DataRepresentation, out body, out _, allowTrailing: true);

    /// <summary>The status of a fault or reject PDU.</summary>
    public bool TryGetStatus(out uint status)
    {
        status = 0;
        if (PacketType is not (ClPacketType.Fault or ClPacketType.Reject) || !TryGetBody<ClStatusBody>(out var body))
        {
            return false;
        }

        status = body.Status;
        return true;
    }

    public bool Equals(ClPdu? other) => other is not null && Header == other.Header && Body.Span.SequenceEqual(other.Body.Span);

    public override int GetHashCode() => HashCode.Combine(Header, Body.Length);

    private static void CheckBody(ClPduHeader header, WireReader body)
    {
        var drep = header.DataRepresentation;
        switch (header.PacketType)
        {
            case ClPacketType.Ping or ClPacketType.Working or ClPacketType.Ack:
                if (!body.IsAtEnd)
                {
                    body.Fail(PacketError.TrailingBytes);
                }

                break;
            case ClPacketType.Fault or ClPacketType.Reject:
                NdrStub.Read<ClStatusBody>(ref body, drep);
                break;
            case ClPacketType.Fack or ClPacketType.Nocall when !body.IsAtEnd:
                NdrStub.Read<ClFackBody>(ref body, drep);
                break;
            case ClPacketType.ClCancel:
                NdrStub.Read<ClCancelBody>(ref body, drep);
                break;
            case ClPacketType.CancelAck when !body.IsAtEnd:
                // DCE: "a quack with a body is interpreted as a cancel-request ack"; without, a plain quack.
                NdrStub.Read<ClCancelAckBody>(ref body, drep);
                break;
            default:
                break;
        }
    }
}
