namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RFC 1002 4.2.2 / 4.2.13 NB RDATA, protocols.md §2.2: RDLENGTH / 6 ADDR_ENTRYs
/// (<c>NB_FLAGS(2) NB_ADDRESS(4)</c>). Registration, release and conflict RRs carry one entry,
/// positive query responses one per address; none is tolerated (some senders use NB for negatives).
/// </summary>
public sealed record NbRData : NbnsRData
{
    public NbRData(IReadOnlyList<NbAddressEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count * NbAddressEntry.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"{entries.Count} address entries do not fit in RDLENGTH", nameof(entries));
        }

        Entries = entries.ToArray();
    }

    public NbRData(params NbAddressEntry[] entries) : this((IReadOnlyList<NbAddressEntry>)entries)
    {
    }

    public IReadOnlyList<NbAddressEntry> Entries { get; }

    public int Length => Entries.Count * NbAddressEntry.Length;

    internal override int Layout(NbnsNameCompression names, int offset) => Length;

    internal override void Write(ref WireWriter writer, NbnsNameCompression names, int messageStart)
    {
        foreach (var entry in Entries)
        {
            entry.Write(ref writer);
        }
    }

    internal static NbRData Read(ref WireReader rdata)
    {
        if (rdata.Remaining % NbAddressEntry.Length != 0)
        {
            rdata.Fail(PacketError.BadValue);
        }

        var entries = new NbAddressEntry[rdata.Remaining / NbAddressEntry.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = NbAddressEntry.Read(ref rdata);
        }

        return new NbRData(entries);
    }

    public bool Equals(NbRData? other) => other is not null && Entries.SequenceEqual(other.Entries);

    public override int GetHashCode() => Entries.Count == 0 ? 0 : HashCode.Combine(Entries.Count, Entries[0]);

    public override string ToString() => $"NB [{string.Join(", ", Entries)}]";
}
