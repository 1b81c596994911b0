namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RFC 1002 4.2.1.3 resource record, protocols.md §2.2:
/// <c>RR_NAME(encoded name or label pointer) RR_TYPE(2) RR_CLASS(2) TTL(4) RDLENGTH(2) RDATA</c>.
/// RDLENGTH is derived from <see cref="Data"/>. Read and written by <see cref="NbnsPacket"/>,
/// which owns the label-pointer context.
/// </summary>
public sealed record NbnsResourceRecord(NbnsRecordName Name, NbnsRrType Type, uint Ttl, NbnsRData Data, ushort Class = NbnsResourceRecord.ClassIN)
{
    /// <summary>RR_CLASS / QUESTION_CLASS IN, the only class NBNS uses.</summary>
    public const ushort ClassIN = 0x0001;

    /// <summary>Smallest possible record: a 2-byte pointer, the 10 fixed bytes, no RDATA.</summary>
    internal const int MinLength = 2 + 10;

    /// <summary>The NetBIOS name of the record, or null for a redirect's A record.</summary>
    public NetBiosName? NetBiosName => Name.NetBiosName;

    internal int Layout(NbnsNameCompression names, int offset)
    {
        var nameLength = names.Place(Name, offset, out _);
        var rdLength = Data.Layout(names, offset + nameLength + 10);
        if (rdLength > ushort.MaxValue)
        {
            throw new InvalidOperationException($"RDATA of {rdLength} bytes does not fit in RDLENGTH");
        }

        return nameLength + 10 + rdLength;
    }

    internal void Write(ref WireWriter writer, NbnsNameCompression names, int messageStart)
    {
        names.Write(ref writer, Name, messageStart);
        writer.WriteUInt16BigEndian((ushort)Type);
        writer.WriteUInt16BigEndian(Class);
        writer.WriteUInt32BigEndian(Ttl);
        var rdLength = writer.Reserve(2);
        var start = writer.Position;
        Data.Write(ref writer, names, messageStart);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(rdLength, checked((ushort)(writer.Position - start)));
    }

    /// <summary>
    /// Reads one record from a reader over the whole message. An A record's RR_NAME is a domain
    /// name (RFC 1002 4.2.15); every other RR_NAME is a NetBIOS name.
    /// </summary>
    internal static NbnsResourceRecord Read(ref WireReader message, bool inWack)
    {
        var start = message.Position;
        NbnsRecordName name;
        // The type follows the name, so peek past it first: the name's syntax depends on it.
        var probe = message;
        SkipName(ref probe);
        var type = (NbnsRrType)probe.ReadUInt16BigEndian();
        message.Seek(start);
        if (type == NbnsRrType.A)
        {
            var domain = NbnsDomainNameCodec.Read(ref message, out var pointer);
            name = NbnsRecordName.FromDomain(domain, pointer);
        }
        else
        {
            var netBios = NetBiosNameCodec.Read(ref message, allowPointers: true, out var pointer);
            name = NbnsRecordName.FromNetBios(netBios, pointer);
        }

        message.Skip(2);
        var @class = message.ReadUInt16BigEndian();
        var ttl = message.ReadUInt32BigEndian();
        var rdLength = message.ReadUInt16BigEndian();
        if (rdLength > message.Remaining)
        {
            message.Fail(PacketError.LengthOutOfRange);
        }

        var data = NbnsRData.Read(ref message, type, rdLength, inWack);
        return new NbnsResourceRecord(name, type, ttl, data, @class);
    }

    /// <summary>Skips labels up to the terminating 0x00 or the first pointer (which ends the name in place).</summary>
    private static void SkipName(ref WireReader reader)
    {
        for (var labels = 0; ; labels++)
        {
            var length = reader.ReadByte();
            if ((length & 0xC0) == 0xC0)
            {
                reader.Skip(1);
                return;
            }

            if (length == 0)
            {
                return;
            }

            if ((length & 0xC0) != 0 || labels > NetBiosNameCodec.MaxEncodedLength / 2)
            {
                reader.Fail(PacketError.BadNameEncoding);
            }

            reader.Skip(length);
        }
    }

    public override string ToString() => $"{Name} {Type} TTL={Ttl} {Data}";
}
