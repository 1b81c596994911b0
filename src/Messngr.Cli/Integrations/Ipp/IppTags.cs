namespace Messngr.Cli.Integrations.Ipp;

/// <summary>The IPP tags the reader knows (RFC 8010 3.5; IANA IPP registry).</summary>
internal static class IppTags
{
    /// <summary>end-of-attributes-tag: the attribute groups end here.</summary>
    public const byte EndOfAttributes = 0x03;

    /// <summary>Tags 0x00-0x0F are delimiters (begin a group); 0x10-0xFF are value tags.</summary>
    public const byte LastDelimiter = 0x0F;

    public const byte Integer = 0x21;
    public const byte Boolean = 0x22;
    public const byte Enum = 0x23;
    public const byte BegCollection = 0x34;
    public const byte TextWithLanguage = 0x35;
    public const byte NameWithLanguage = 0x36;
    public const byte EndCollection = 0x37;
    public const byte MemberAttrName = 0x4A;

    /// <summary>RFC 8010 3.5.2: the extension tag, whose real tag would follow in the value.</summary>
    public const byte Extension = 0x7F;

    /// <summary>textWithoutLanguage (0x41) through mimeMediaType (0x49): character strings.</summary>
    public static bool IsString(byte tag) => tag is >= 0x41 and <= 0x49 and not 0x43;
}
