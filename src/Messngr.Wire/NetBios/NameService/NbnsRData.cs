namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RFC 1002 4.2.1.3 RDATA of a resource record, one subtype per layout (protocols.md §2.2–2.4).
/// The RR's RDLENGTH is always derived from the RDATA, never stored.
/// </summary>
public abstract record NbnsRData
{
    private protected NbnsRData()
    {
    }

    /// <summary>RDLENGTH when the RDATA starts at <paramref name="offset"/> of a message being laid out.</summary>
    internal abstract int Layout(NbnsNameCompression names, int offset);

    internal abstract void Write(ref WireWriter writer, NbnsNameCompression names, int messageStart);

    /// <summary>
    /// Reads RDLENGTH bytes of RDATA from <paramref name="message"/> (a reader over the whole
    /// message, so that pointers in an NSD_NAME resolve). <paramref name="inWack"/>: the RR is the
    /// answer of a WACK, whose 2-byte RDATA is read as such whatever its RR_TYPE (RFC 1002 4.2.16
    /// prints NULL as 0x0020; Samba sends 0x000A, protocols.md §2.3).
    /// </summary>
    internal static NbnsRData Read(ref WireReader message, NbnsRrType type, int length, bool inWack)
    {
        message.Require(length);
        if (type == NbnsRrType.NS)
        {
            return NameServerRData.Read(ref message, length);
        }

        var rdata = message.ReadSubReader(length);
        NbnsRData value = inWack && length == WackRData.Length ? WackRData.Read(ref rdata) : type switch
        {
            NbnsRrType.NB => NbRData.Read(ref rdata),
            NbnsRrType.NBSTAT => NodeStatusRData.Read(ref rdata),
            NbnsRrType.A => AddressRData.Read(ref rdata),
            NbnsRrType.NULL => new NullRData(rdata.ReadRemaining().ToArray()),
            _ => new UnknownRData(rdata.ReadRemaining().ToArray()),
        };

        if (!rdata.IsAtEnd)
        {
            rdata.Fail(PacketError.TrailingBytes);
        }

        return value;
    }
}
