namespace Messngr.Wire.NetBios.DatagramService;

/// <summary>
/// DATAGRAM ERROR PACKET (0x13): RFC 1002 4.4.3 (protocols.md §3.1). The 10-byte header and one
/// ERROR_CODE byte; 11 bytes in all. Only the three RFC codes are accepted.
/// </summary>
public sealed record NbdsErrorPacket : NbdsPacket
{
    /// <summary>The whole packet: header + ERROR_CODE.</summary>
    public const int Length = HeaderLength + 1;

    private readonly NbdsErrorCode _errorCode = NbdsErrorCode.DESTINATION_NAME_NOT_PRESENT;

    /// <summary>Always <see cref="NbdsMessageType.DATAGRAM_ERROR"/>.</summary>
    public override NbdsMessageType MessageType
    {
        get => NbdsMessageType.DATAGRAM_ERROR;
        init
        {
            if (value != NbdsMessageType.DATAGRAM_ERROR)
            {
                throw WrongType(value, "DATAGRAM_ERROR (0x13)");
            }
        }
    }

    public NbdsErrorCode ErrorCode
    {
        get => _errorCode;
        init => _errorCode = IsKnown(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "ERROR_CODE must be 0x82, 0x83 or 0x84 (RFC 1002 4.4.3)");
    }

    public override int EncodedLength => Length;

    public override void Write(ref WireWriter writer)
    {
        WriteHeader(ref writer);
        writer.WriteByte((byte)ErrorCode);
    }

    internal static NbdsErrorPacket ReadBody(ref WireReader reader)
    {
        var code = (NbdsErrorCode)reader.ReadByte();
        if (!IsKnown(code))
        {
            reader.Seek(reader.Position - 1);
            reader.Fail(PacketError.BadValue);
        }

        return new NbdsErrorPacket { ErrorCode = code };
    }

    private static bool IsKnown(NbdsErrorCode code) =>
        code is NbdsErrorCode.DESTINATION_NAME_NOT_PRESENT or NbdsErrorCode.INVALID_SOURCE_NAME_FORMAT or NbdsErrorCode.INVALID_DESTINATION_NAME_FORMAT;
}
