using System.Text;

namespace Messngr.Wire.NetBios.NameService;

/// <summary>
/// RR_NAME of an NBNS resource record (RFC 1002 4.2.1.3, protocols.md §1.6, §2.2): a NetBIOS name,
/// or for the A record and NSD_NAME of a redirect response (RFC 1002 4.2.15) a DNS-style domain
/// name. <see cref="Pointer"/> remembers a label pointer read in place of the whole name (nmbd
/// sends <c>C0 0C</c>) so that writing reproduces the same bytes whenever the target still holds
/// the same name.
/// </summary>
public sealed record NbnsRecordName
{
    private NbnsRecordName(NetBiosName? netBiosName, string? domainName, ushort? pointer)
    {
        NetBiosName = netBiosName;
        DomainName = domainName;
        Pointer = pointer;
    }

    /// <summary>The NetBIOS name, or null for a domain name.</summary>
    public NetBiosName? NetBiosName { get; }

    /// <summary>The dot-separated domain name, or null for a NetBIOS name.</summary>
    public string? DomainName { get; }

    /// <summary>Offset from the start of the message that the name was (or should be) a pointer to.</summary>
    public ushort? Pointer { get; }

    public static NbnsRecordName FromNetBios(NetBiosName name, ushort? pointer = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ValidatePointer(pointer);
        return new NbnsRecordName(name, null, pointer);
    }

    public static NbnsRecordName FromDomain(string name, ushort? pointer = null)
    {
        NbnsDomainNameCodec.Validate(name);
        ValidatePointer(pointer);
        return new NbnsRecordName(null, name, pointer);
    }

    /// <summary>The same name written in full.</summary>
    public NbnsRecordName WithoutPointer() => new(NetBiosName, DomainName, null);

    /// <summary>The uncompressed encoding: what a pointer to this name must find at its target.</summary>
    internal byte[] EncodeFull()
    {
        var buffer = new byte[FullLength];
        var writer = new WireWriter(buffer);
        if (NetBiosName is not null)
        {
            NetBiosNameCodec.Write(ref writer, NetBiosName);
        }
        else
        {
            NbnsDomainNameCodec.Write(ref writer, DomainName!);
        }

        return buffer;
    }

    internal int FullLength =>
        NetBiosName is not null ? NetBiosNameCodec.GetEncodedLength(NetBiosName) : NbnsDomainNameCodec.GetEncodedLength(DomainName!);

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(NetBiosName?.ToString() ?? DomainName);
        if (Pointer is { } pointer)
        {
            sb.Append(" (pointer to ").Append(pointer).Append(')');
        }

        return sb.ToString();
    }

    private static void ValidatePointer(ushort? pointer)
    {
        if (pointer > 0x3FFF)
        {
            throw new ArgumentException($"a label pointer holds a 14-bit offset, got {pointer}", nameof(pointer));
        }
    }
}
