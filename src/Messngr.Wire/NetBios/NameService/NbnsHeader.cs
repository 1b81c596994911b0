namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RFC 1002 4.2.1.1 NBNS header (12 bytes, big-endian), protocols.md §2.1:
/// <c>NAME_TRN_ID(2) FLAGS(2) QDCOUNT(2) ANCOUNT(2) NSCOUNT(2) ARCOUNT(2)</c>.
/// </summary>
public readonly record struct NbnsHeader(
    ushort TransactionId,
    NbnsFlags Flags,
    ushort QuestionCount,
    ushort AnswerCount,
    ushort AuthorityCount,
    ushort AdditionalCount) : IWirePacket<NbnsHeader>
{
    public const int Length = 12;

    public int EncodedLength => Length;

    public static NbnsHeader Read(ref WireReader reader) => new(
        reader.ReadUInt16BigEndian(),
        new NbnsFlags(reader.ReadUInt16BigEndian()),
        reader.ReadUInt16BigEndian(),
        reader.ReadUInt16BigEndian(),
        reader.ReadUInt16BigEndian(),
        reader.ReadUInt16BigEndian());

    public void Write(ref WireWriter writer)
    {
        writer.WriteUInt16BigEndian(TransactionId);
        writer.WriteUInt16BigEndian(Flags.Value);
        writer.WriteUInt16BigEndian(QuestionCount);
        writer.WriteUInt16BigEndian(AnswerCount);
        writer.WriteUInt16BigEndian(AuthorityCount);
        writer.WriteUInt16BigEndian(AdditionalCount);
    }
}
