namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RFC 1002 4.2.15 NS RDATA of a redirect name query response: NSD_NAME, the domain name of the
/// NBNS to ask instead (a pointer to it is the following A record's RR_NAME).
/// </summary>
public sealed record NameServerRData : NbnsRData
{
    public NameServerRData(NbnsRecordName nsdName)
    {
        ArgumentNullException.ThrowIfNull(nsdName);
        if (nsdName.DomainName is null)
        {
            throw new ArgumentException("NSD_NAME is a domain name, not a NetBIOS name", nameof(nsdName));
        }

        NsdName = nsdName;
    }

    public NbnsRecordName NsdName { get; }

    internal override int Layout(NbnsNameCompression names, int offset) => names.Place(NsdName, offset, out _);

    internal override void Write(ref WireWriter writer, NbnsNameCompression names, int messageStart) =>
        names.Write(ref writer, NsdName, messageStart);

    /// <summary>Reads from the message reader itself so that a pointer in NSD_NAME resolves.</summary>
    internal static NameServerRData Read(ref WireReader message, int length)
    {
        var start = message.Position;
        var name = NbnsDomainNameCodec.Read(ref message, out var pointer);
        if (message.Position - start != length)
        {
            message.Seek(start);
            message.Fail(PacketError.LengthOutOfRange);
        }

        return new NameServerRData(NbnsRecordName.FromDomain(name, pointer));
    }

    public override string ToString() => $"NS {NsdName}";
}
