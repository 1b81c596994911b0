namespace Messngr.Wire.DceRpc;

/// <summary>
/// The 80-byte connectionless PDU header: C706 §12.5.1, Samba <c>librpc/idl/dcerpc.idl</c>
/// (<c>ncadg_packet</c>), protocols.md §7.4. Integers and the first three fields of each UUID
/// follow <see cref="DataRepresentation"/>. <c>len</c> is not a property: it is the body length
/// of the <see cref="ClPdu"/> that carries this header.
/// </summary>
public sealed record ClPduHeader
{
    /// <summary>Bytes in the header (C706 §12.5.1).</summary>
    public const int Length = 80;

    /// <summary>rpc_vers of every CL PDU (the CO protocol is 5).</summary>
    public const byte RpcVersion = 4;

    /// <summary>Hint value meaning "no hint" (ihint, ahint), as clients send on a first call (protocols.md §7.4).</summary>
    public const ushort NoHint = 0xFFFF;

    public ClPacketType PacketType { get; init; }

    public ClFlags1 Flags1 { get; init; }

    public ClFlags2 Flags2 { get; init; }

    public NdrDataRepresentation DataRepresentation { get; init; } = NdrDataRepresentation.LittleEndian;

    /// <summary>Fragment serial number: serial_hi (offset 7) &lt;&lt; 8 | serial_lo (offset 79).</summary>
    public ushort SerialNumber { get; init; }

    public Guid ObjectId { get; init; }

    public Guid InterfaceId { get; init; }

    /// <summary>The client activity (one call at a time per activity; seqnum orders them).</summary>
    public Guid ActivityId { get; init; }

    /// <summary>Server boot time; 0 on a client's first call ([MS-RPCE] §4.3).</summary>
    public uint ServerBoot { get; init; }

    /// <summary>if_vers: major in the low 16 bits, minor in the high 16 (DCE <c>RPC_IF_VERS_MAJOR</c>).</summary>
    public uint InterfaceVersion { get; init; }

    public uint SequenceNumber { get; init; }

    public ushort OperationNumber { get; init; }

    public ushort InterfaceHint { get; init; } = NoHint;

    public ushort ActivityHint { get; init; } = NoHint;

    public ushort FragmentNumber { get; init; }

    /// <summary>0 = none. Authenticated CL PDUs (a verifier after the body) are not supported by <see cref="ClPdu"/>.</summary>
    public byte AuthProtocol { get; init; }

    public ushort InterfaceVersionMajor => (ushort)InterfaceVersion;

    public ushort InterfaceVersionMinor => (ushort)(InterfaceVersion >> 16);

    /// <summary>
    /// A header for a PDU that answers this one (response, fault, reject, working, nocall, ack…):
    /// same object, interface and version, activity, sequence number, opnum, drep and server boot;
    /// flags, serial and fragment number cleared; no hints (C706 §12.5.1; protocols.md §7.7).
    /// </summary>
    public ClPduHeader Reply(ClPacketType packetType) => this with
    {
        PacketType = packetType,
        Flags1 = ClFlags1.None,
        Flags2 = ClFlags2.None,
        SerialNumber = 0,
        FragmentNumber = 0,
        InterfaceHint = NoHint,
        ActivityHint = NoHint,
        AuthProtocol = 0,
    };

    /// <summary>
    /// For a REQUEST datagram that <see cref="ClPdu.TryParse"/> refuses only because it uses what
    /// this codec does not support — an EBCDIC or non-IEEE drep (C706 §14.1), or an authentication
    /// protocol with its verifier after the body (C706 ch. 12, auth_proto) — reads the header anyway, so the
    /// server can reject the call instead of leaving the client to time out.
    /// <paramref name="rejectStatus"/> is the <see cref="NcaStatus"/> to reject with:
    /// nca_s_unsupported_type for the drep, nca_s_unsupported_authn_level for authentication.
    /// The header's drep has its character and float formats cleared and auth_proto 0, so a reply
    /// built from it is in plain ASCII/IEEE (a receiver must accept any drep). False for anything
    /// else, including a datagram whose header is malformed in any other way.
    /// </summary>
    public static bool TryReadUnsupported(ReadOnlySpan<byte> datagram, out ClPduHeader? header, out uint rejectStatus)
    {
        header = null;
        rejectStatus = 0;
        if (datagram.Length < Length || datagram[0] != RpcVersion || datagram[1] != (byte)ClPacketType.Request || datagram[4] >> 4 > 1)
        {
            return false;
        }

        var drepUnsupported = (datagram[4] & 0x0F) != 0 || datagram[5] != 0;
        var authenticated = datagram[78] != 0;
        if (!drepUnsupported && !authenticated)
        {
            return false;
        }

        var littleEndian = datagram[4] >> 4 == 1;
        var bodyLength = littleEndian ? datagram[74] | (datagram[75] << 8) : (datagram[74] << 8) | datagram[75];
        if (bodyLength > datagram.Length - Length)
        {
            return false; // the body (and any verifier) must be in the datagram: a truncated call is dropped
        }

        Span<byte> patched = stackalloc byte[Length];
        datagram[..Length].CopyTo(patched);
        patched[4] &= 0xF0;
        patched[5] = 0;
        patched[74] = 0;
        patched[75] = 0;
        patched[78] = 0;
        if (!ClPdu.TryParse(patched, out var pdu, out _))
        {
            return false;
        }

        header = pdu!.Header;
        rejectStatus = drepUnsupported ? NcaStatus.nca_s_unsupported_type : NcaStatus.nca_s_unsupported_authn_level;
        return true;
    }

    /// <summary>Reads the header and returns the body length <c>len</c>, checked against the bytes left and <see cref="ClPdu.MaxBodyLength"/>.</summary>
    internal static ClPduHeader Read(ref WireReader reader, out int bodyLength)
    {
        if (reader.ReadByte() != RpcVersion)
        {
            reader.Fail(PacketError.BadMagic);
        }

        var packetType = reader.ReadByte();
        if (packetType > (byte)ClPacketType.CancelAck)
        {
            reader.Fail(PacketError.UnknownType);
        }

        var flags1 = (ClFlags1)reader.ReadByte();
        var flags2 = (ClFlags2)reader.ReadByte();
        var drep = NdrDataRepresentation.Read(ref reader);
        var ndr = new NdrReader(reader, drep);
        var serialHigh = ndr.ReadByte();
        var objectId = ndr.ReadUuid();
        var interfaceId = ndr.ReadUuid();
        var activityId = ndr.ReadUuid();
        var serverBoot = ndr.ReadUInt32();
        var interfaceVersion = ndr.ReadUInt32();
        var sequenceNumber = ndr.ReadUInt32();
        var operationNumber = ndr.ReadUInt16();
        var interfaceHint = ndr.ReadUInt16();
        var activityHint = ndr.ReadUInt16();
        bodyLength = ndr.ReadUInt16();
        var fragmentNumber = ndr.ReadUInt16();
        var authProtocol = ndr.ReadByte();
        var serialLow = ndr.ReadByte();
        var header = new ClPduHeader
        {
            PacketType = (ClPacketType)packetType,
            Flags1 = flags1,
            Flags2 = flags2,
            DataRepresentation = drep,
            SerialNumber = (ushort)((serialHigh << 8) | serialLow),
            ObjectId = objectId,
            InterfaceId = interfaceId,
            ActivityId = activityId,
            ServerBoot = serverBoot,
            InterfaceVersion = interfaceVersion,
            SequenceNumber = sequenceNumber,
            OperationNumber = operationNumber,
            InterfaceHint = interfaceHint,
            ActivityHint = activityHint,
            FragmentNumber = fragmentNumber,
            AuthProtocol = authProtocol,
        };
        reader = ndr.Reader;
        if (header.AuthProtocol != 0)
        {
            // msgsvcsend over UDP is unauthenticated ([MS-MSRP] §2.1.1); a verifier would follow the body.
            reader.Fail(PacketError.Unsupported);
        }

        if (bodyLength > reader.Remaining || bodyLength > ClPdu.MaxBodyLength)
        {
            reader.Fail(PacketError.LengthOutOfRange);
        }

        return header;
    }

    internal void Write(ref WireWriter writer, int bodyLength)
    {
        writer.WriteByte(RpcVersion);
        writer.WriteByte((byte)PacketType);
        writer.WriteByte((byte)Flags1);
        writer.WriteByte((byte)Flags2);
        DataRepresentation.Write(ref writer);
        var ndr = new NdrWriter(writer, DataRepresentation);
        ndr.WriteByte((byte)(SerialNumber >> 8));
        ndr.WriteUuid(ObjectId);
        ndr.WriteUuid(InterfaceId);
        ndr.WriteUuid(ActivityId);
        ndr.WriteUInt32(ServerBoot);
        ndr.WriteUInt32(InterfaceVersion);
        ndr.WriteUInt32(SequenceNumber);
        ndr.WriteUInt16(OperationNumber);
        ndr.WriteUInt16(InterfaceHint);
        ndr.WriteUInt16(ActivityHint);
        ndr.WriteUInt16(checked((ushort)bodyLength));
        ndr.WriteUInt16(FragmentNumber);
        ndr.WriteByte(AuthProtocol);
        ndr.WriteByte((byte)SerialNumber);
        writer = ndr.Writer;
    }
}
