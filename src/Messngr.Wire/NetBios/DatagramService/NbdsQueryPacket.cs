namespace Messngr.Wire.NetBios.DatagramService;

/// <summary>
/// DATAGRAM QUERY REQUEST (0x14) and POSITIVE (0x15) / NEGATIVE (0x16) QUERY RESPONSE:
/// RFC 1002 4.4.4 (protocols.md §3.1). The 10-byte header, then DESTINATION_NAME at offset 10;
/// the three share this layout. Names never use label pointers in NBDS (§1.6).
/// </summary>
public sealed record NbdsQueryPacket : NbdsPacket
{
    private readonly NbdsMessageType _messageType = NbdsMessageType.DATAGRAM_QUERY_REQUEST;

    /// <summary>0x14, 0x15 or 0x16.</summary>
    public override NbdsMessageType MessageType
    {
        get => _messageType;
        init => _messageType = IsQueryType(value) ? value : throw WrongType(value, "a datagram query type (0x14..0x16)");
    }

    public required NetBiosName DestinationName { get; init; }

    public override int EncodedLength => HeaderLength + NetBiosNameCodec.GetEncodedLength(DestinationName);

    public override void Write(ref WireWriter writer)
    {
        WriteHeader(ref writer);
        NetBiosNameCodec.Write(ref writer, DestinationName);
    }

    internal static NbdsQueryPacket ReadBody(ref WireReader reader, NbdsMessageType type) =>
        new() { MessageType = type, DestinationName = NetBiosNameCodec.Read(ref reader, allowPointers: false, out _) };

    internal static bool IsQueryType(NbdsMessageType type) =>
        type is NbdsMessageType.DATAGRAM_QUERY_REQUEST or NbdsMessageType.DATAGRAM_POSITIVE_QUERY_RESPONSE or NbdsMessageType.DATAGRAM_NEGATIVE_QUERY_RESPONSE;
}
