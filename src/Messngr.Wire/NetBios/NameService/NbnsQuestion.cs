namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RFC 1002 4.2.1.2 question entry, protocols.md §2.2:
/// <c>QUESTION_NAME(encoded name) QUESTION_TYPE(2) QUESTION_CLASS(2)</c>.
/// QUESTION_NAME is always written in full (nothing precedes the first question to point at).
/// </summary>
public sealed record NbnsQuestion(NetBiosName Name, NbnsRrType Type, ushort Class = NbnsResourceRecord.ClassIN)
    : IWirePacket<NbnsQuestion>
{
    /// <summary>Smallest possible entry: a 2-byte label pointer plus type and class.</summary>
    internal const int MinLength = 2 + 4;

    public int EncodedLength => NetBiosNameCodec.GetEncodedLength(Name) + 4;

    public static NbnsQuestion Read(ref WireReader reader)
    {
        var name = NetBiosNameCodec.Read(ref reader, allowPointers: true, out _);
        return new NbnsQuestion(name, (NbnsRrType)reader.ReadUInt16BigEndian(), reader.ReadUInt16BigEndian());
    }

    public void Write(ref WireWriter writer)
    {
        NetBiosNameCodec.Write(ref writer, Name);
        writer.WriteUInt16BigEndian((ushort)Type);
        writer.WriteUInt16BigEndian(Class);
    }

    public override string ToString() => $"{Name} {Type}";
}
