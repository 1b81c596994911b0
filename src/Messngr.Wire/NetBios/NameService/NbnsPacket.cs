namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RFC 1002 4.2.1 NBNS packet (UDP 137), protocols.md §2: header, QDCOUNT question entries, then
/// ANCOUNT answer, NSCOUNT authority and ARCOUNT additional resource records. The header counts
/// are derived from the lists. Grammar:
/// <c>HEADER(12) QUESTION × QD RR × AN RR × NS RR × AR</c>, nothing after the last record.
/// </summary>
public sealed record NbnsPacket : IWirePacket<NbnsPacket>
{
    /// <summary>
    /// Largest datagram accepted or written: above any packet of the catalogue (a 255-name node
    /// status response with a 255-byte scope is about 5.1 KB), far below the 64 KiB UDP limit.
    /// RFC 1002 sets the TC bit above 576 bytes; Samba and Windows stay under that for queries.
    /// </summary>
    public const int MaxLength = 8192;

    /// <summary>Budget per section: the catalogue never uses more than one entry (protocols.md §2.3).</summary>
    public const int MaxEntriesPerSection = 16;

    public NbnsPacket(
        ushort transactionId,
        NbnsFlags flags,
        IReadOnlyList<NbnsQuestion>? questions = null,
        IReadOnlyList<NbnsResourceRecord>? answers = null,
        IReadOnlyList<NbnsResourceRecord>? authorities = null,
        IReadOnlyList<NbnsResourceRecord>? additionals = null)
    {
        TransactionId = transactionId;
        Flags = flags;
        Questions = Copy(questions, nameof(questions));
        Answers = Copy(answers, nameof(answers));
        Authorities = Copy(authorities, nameof(authorities));
        Additionals = Copy(additionals, nameof(additionals));
    }

    /// <summary>NAME_TRN_ID: chosen by the requester, echoed in the response.</summary>
    public ushort TransactionId { get; }

    public NbnsFlags Flags { get; }

    public IReadOnlyList<NbnsQuestion> Questions { get; }

    public IReadOnlyList<NbnsResourceRecord> Answers { get; }

    public IReadOnlyList<NbnsResourceRecord> Authorities { get; }

    public IReadOnlyList<NbnsResourceRecord> Additionals { get; }

    public NbnsHeader Header => new(
        TransactionId, Flags, (ushort)Questions.Count, (ushort)Answers.Count, (ushort)Authorities.Count, (ushort)Additionals.Count);

    /// <summary>The first question, if any (every request of the catalogue has exactly one).</summary>
    public NbnsQuestion? Question => Questions.Count > 0 ? Questions[0] : null;

    /// <summary>The first answer, if any (every response of the catalogue but the redirect has exactly one).</summary>
    public NbnsResourceRecord? Answer => Answers.Count > 0 ? Answers[0] : null;

    /// <summary>The first additional record, if any (the registration/refresh/release RR).</summary>
    public NbnsResourceRecord? Additional => Additionals.Count > 0 ? Additionals[0] : null;

    public int EncodedLength
    {
        get
        {
            var names = new NbnsNameCompression();
            var offset = NbnsHeader.Length;
            foreach (var question in Questions)
            {
                names.AddFull(NbnsRecordName.FromNetBios(question.Name), offset);
                offset += question.EncodedLength;
            }

            foreach (var record in Records)
            {
                offset += record.Layout(names, offset);
            }

            return offset;
        }
    }

    private IEnumerable<NbnsResourceRecord> Records => Answers.Concat(Authorities).Concat(Additionals);

    public static bool TryParse(ReadOnlySpan<byte> bytes, out NbnsPacket? packet, out PacketError error) =>
        WirePacket.TryParse(bytes, out packet, out error);

    /// <summary>Reads a whole NBNS message: everything the reader has left.</summary>
    public static NbnsPacket Read(ref WireReader reader)
    {
        if (reader.Remaining > MaxLength)
        {
            reader.Fail(PacketError.LengthOutOfRange);
        }

        // Label pointers are offsets from the start of the message, so read it through its own reader.
        var message = reader.ReadSubReader(reader.Remaining);
        var header = NbnsHeader.Read(ref message);
        if (header.QuestionCount > MaxEntriesPerSection || header.AnswerCount > MaxEntriesPerSection
            || header.AuthorityCount > MaxEntriesPerSection || header.AdditionalCount > MaxEntriesPerSection)
        {
            message.Fail(PacketError.CountOutOfRange);
        }

        var recordCount = header.AnswerCount + header.AuthorityCount + header.AdditionalCount;
        if ((header.QuestionCount * NbnsQuestion.MinLength) + (recordCount * NbnsResourceRecord.MinLength) > message.Remaining)
        {
            message.Fail(PacketError.CountOutOfRange);
        }

        var questions = new NbnsQuestion[header.QuestionCount];
        for (var i = 0; i < questions.Length; i++)
        {
            questions[i] = NbnsQuestion.Read(ref message);
        }

        var inWack = header.Flags.Opcode == NbnsOpcode.Wack;
        var answers = ReadRecords(ref message, header.AnswerCount, inWack);
        var authorities = ReadRecords(ref message, header.AuthorityCount, false);
        var additionals = ReadRecords(ref message, header.AdditionalCount, false);
        if (!message.IsAtEnd)
        {
            message.Fail(PacketError.TrailingBytes);
        }

        return new NbnsPacket(header.TransactionId, header.Flags, questions, answers, authorities, additionals);
    }

    public void Write(ref WireWriter writer)
    {
        var start = writer.Position;
        Header.Write(ref writer);
        var names = new NbnsNameCompression();
        foreach (var question in Questions)
        {
            names.AddFull(NbnsRecordName.FromNetBios(question.Name), writer.Position - start);
            question.Write(ref writer);
        }

        foreach (var record in Records)
        {
            record.Write(ref writer, names, start);
        }
    }

    public byte[] ToArray() => WirePacket.ToArray(this);

    public bool Equals(NbnsPacket? other) =>
        other is not null
        && TransactionId == other.TransactionId
        && Flags == other.Flags
        && Questions.SequenceEqual(other.Questions)
        && Answers.SequenceEqual(other.Answers)
        && Authorities.SequenceEqual(other.Authorities)
        && Additionals.SequenceEqual(other.Additionals);

    public override int GetHashCode() => HashCode.Combine(TransactionId, Flags, Questions.Count, Answers.Count, Additionals.Count);

    public override string ToString() =>
        $"NBNS id=0x{TransactionId:X4} {Flags} QD={Questions.Count} AN={Answers.Count} NS={Authorities.Count} AR={Additionals.Count}";

    private static NbnsResourceRecord[] ReadRecords(ref WireReader message, int count, bool inWack)
    {
        var records = new NbnsResourceRecord[count];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = NbnsResourceRecord.Read(ref message, inWack);
        }

        return records;
    }

    private static T[] Copy<T>(IReadOnlyList<T>? items, string name)
        where T : class
    {
        if (items is null)
        {
            return [];
        }

        if (items.Count > ushort.MaxValue || items.Any(item => item is null))
        {
            throw new ArgumentException($"{name} must hold at most {ushort.MaxValue} non-null entries", name);
        }

        return [.. items];
    }
}
