namespace Messngr.Wire.NetBios.DatagramService;

/// <summary>
/// DIRECT_UNIQUE (0x10), DIRECT_GROUP (0x11) and BROADCAST (0x12) DATAGRAM: RFC 1002 4.4.2
/// (protocols.md §3.1). After the 10-byte header:
/// <c>DGM_LENGTH(BE) PACKET_OFFSET(BE) SOURCE_NAME DESTINATION_NAME USER_DATA</c>, where
/// DGM_LENGTH counts the names and the user data but not the 14 bytes before them
/// (Samba <c>build_dgram</c>). Names are full second-level encodings, never pointers (§1.6).
/// </summary>
/// <remarks>
/// Length rule (tolerant, documented): the UDP payload is trusted. A DGM_LENGTH larger than the
/// bytes that follow is rejected (<see cref="PacketError.LengthOutOfRange"/>: the datagram was cut);
/// a smaller one is accepted and kept in <see cref="DeclaredLength"/> so the packet writes back
/// byte for byte. Impacket 0.10 writes the user-data length alone (capture
/// <c>mailslot-messngr-impacket-rawlength</c>: 134 where 202 is right), and Samba's parser and
/// Wireshark ignore DGM_LENGTH too. The M/F bits and PACKET_OFFSET are kept as read; reassembly
/// is the receiver's business (Samba ignores them, protocols.md §3.3).
/// </remarks>
public sealed record NbdsDatagram : NbdsPacket
{
    /// <summary>Bytes from MSG_TYPE to PACKET_OFFSET, not counted by DGM_LENGTH.</summary>
    public const int FixedLength = HeaderLength + 4;

    /// <summary>RFC 1002 §6 MAX_DATAGRAM_LENGTH: the IP datagram size above which a sender fragments.</summary>
    public const int MaxDatagramLength = 576;

    /// <summary>User data that always fits the 16-bit DGM_LENGTH, whatever the names' scopes.</summary>
    public const int MaxUserDataBytes = ushort.MaxValue - (2 * NetBiosNameCodec.MaxEncodedLength);

    private readonly NbdsMessageType _messageType = NbdsMessageType.DIRECT_UNIQUE_DATAGRAM;
    private readonly ReadOnlyMemory<byte> _userData;

    /// <summary>0x10, 0x11 or 0x12.</summary>
    public override NbdsMessageType MessageType
    {
        get => _messageType;
        init => _messageType = IsDatagramType(value) ? value : throw WrongType(value, "a datagram type (0x10..0x12)");
    }

    public required NetBiosName SourceName { get; init; }

    public required NetBiosName DestinationName { get; init; }

    /// <summary>PACKET_OFFSET: where this fragment's user data sits in the whole datagram (0 unless fragmented).</summary>
    public ushort PacketOffset { get; init; }

    /// <summary>USER_DATA; for mailslots an SMB_COM_TRANSACTION (see <c>MailslotWrite</c>).</summary>
    public ReadOnlyMemory<byte> UserData
    {
        get => _userData;
        init
        {
            if (value.Length > MaxUserDataBytes)
            {
                throw new ArgumentException($"user data of {value.Length} bytes does not fit DGM_LENGTH (at most {MaxUserDataBytes})", nameof(value));
            }

            _userData = value;
        }
    }

    /// <summary>
    /// DGM_LENGTH as received when it differs from <see cref="Length"/> (a lying sender); null
    /// when it was right. Written instead of the computed value so a round trip is exact.
    /// </summary>
    public ushort? DeclaredLength { get; init; }

    /// <summary>The correct DGM_LENGTH: both encoded names plus the user data.</summary>
    public int Length => NetBiosNameCodec.GetEncodedLength(SourceName) + NetBiosNameCodec.GetEncodedLength(DestinationName) + UserData.Length;

    /// <summary>True when the sender's DGM_LENGTH did not match <see cref="Length"/>.</summary>
    public bool LengthMismatch => DeclaredLength is { } declared && declared != Length;

    public override int EncodedLength => FixedLength + Length;

    public override void Write(ref WireWriter writer)
    {
        WriteHeader(ref writer);
        writer.WriteUInt16BigEndian(DeclaredLength ?? checked((ushort)Length));
        writer.WriteUInt16BigEndian(PacketOffset);
        NetBiosNameCodec.Write(ref writer, SourceName);
        NetBiosNameCodec.Write(ref writer, DestinationName);
        writer.WriteBytes(UserData.Span);
    }

    /// <summary>
    /// Splits this datagram's user data into fragments of at most <paramref name="maxUserDataBytes"/>
    /// (RFC 1002 5.3.1): all share DGM_ID and names; the first has F=1, every one but the last M=1,
    /// and PACKET_OFFSET is the position of each fragment's data in the whole user data. A datagram
    /// that fits comes back as one packet with F=1, M=0, offset 0. Mailslot senders never fragment
    /// ([MS-MAIL] 3.1.4.1); this exists for completeness.
    /// </summary>
    public IReadOnlyList<NbdsDatagram> Fragment(int maxUserDataBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxUserDataBytes);
        var nodeType = Flags.SourceNodeType;
        var count = Math.Max(1, (UserData.Length + maxUserDataBytes - 1) / maxUserDataBytes);
        var fragments = new List<NbdsDatagram>(count);
        for (var i = 0; i < count; i++)
        {
            var offset = i * maxUserDataBytes;
            fragments.Add(this with
            {
                Flags = NbdsFlags.Create(nodeType, first: i == 0, more: i < count - 1),
                PacketOffset = checked((ushort)offset),
                UserData = UserData.Slice(offset, Math.Min(maxUserDataBytes, UserData.Length - offset)),
                DeclaredLength = null,
            });
        }

        return fragments;
    }

    public bool Equals(NbdsDatagram? other) =>
        other is not null && base.Equals(other) && _messageType == other._messageType && SourceName == other.SourceName
        && DestinationName == other.DestinationName && PacketOffset == other.PacketOffset && DeclaredLength == other.DeclaredLength
        && UserData.Span.SequenceEqual(other.UserData.Span);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), _messageType, SourceName, DestinationName, PacketOffset, UserData.Length);

    internal static NbdsDatagram ReadBody(ref WireReader reader, NbdsMessageType type)
    {
        var declared = reader.ReadUInt16BigEndian();
        if (declared > reader.Remaining - 2)
        {
            reader.Seek(reader.Position - 2);
            reader.Fail(PacketError.LengthOutOfRange);
        }

        var packetOffset = reader.ReadUInt16BigEndian();
        var source = NetBiosNameCodec.Read(ref reader, allowPointers: false, out _);
        var destination = NetBiosNameCodec.Read(ref reader, allowPointers: false, out _);
        if (reader.Remaining > MaxUserDataBytes)
        {
            reader.Fail(PacketError.LengthOutOfRange);
        }

        var userData = reader.ReadRemaining().ToArray();
        var datagram = new NbdsDatagram
        {
            MessageType = type,
            SourceName = source,
            DestinationName = destination,
            PacketOffset = packetOffset,
            UserData = userData,
        };
        return declared == datagram.Length ? datagram : datagram with { DeclaredLength = declared };
    }

    internal static bool IsDatagramType(NbdsMessageType type) =>
        type is NbdsMessageType.DIRECT_UNIQUE_DATAGRAM or NbdsMessageType.DIRECT_GROUP_DATAGRAM or NbdsMessageType.BROADCAST_DATAGRAM;
}
