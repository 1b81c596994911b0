using System.Buffers.Binary;
using System.Text;

namespace Messngr.Cli.Integrations.Ipp;

/// <summary>
/// An IPP message (RFC 8010 3.1.1): version, operation-id or status-code, request-id and its
/// top-level attributes (members of collections are checked, not kept). Strings are UTF-8
/// (CUPS sends notify-charset utf-8).
/// </summary>
internal sealed record IppMessage(byte MajorVersion, byte MinorVersion, ushort Code, int RequestId, IReadOnlyList<IppAttribute> Attributes)
{
    /// <summary>RFC 8010 3.5.1 delimiter: event-notification-attributes-tag (RFC 3995 9).</summary>
    public const byte EventNotificationGroup = 0x07;

    /// <summary>The first attribute called <paramref name="name"/>.</summary>
    public IppAttribute? Find(string name) => Attributes.FirstOrDefault(a => a.Name == name);

    /// <summary>An integer or enum attribute's first value (RFC 8010 3.9: SIGNED-INTEGER).</summary>
    public int? Integer(string name) =>
        Find(name) is { ValueTag: IppTags.Integer or IppTags.Enum } a ? BinaryPrimitives.ReadInt32BigEndian(a.Value.Span) : null;

    /// <summary>A string attribute's first value (text, name, keyword, uri, ...; with its language dropped).</summary>
    public string? Text(string name)
    {
        if (Find(name) is not { } a)
        {
            return null;
        }

        if (a.ValueTag is IppTags.TextWithLanguage or IppTags.NameWithLanguage)
        {
            // RFC 8010 3.9: a SIGNED-SHORT language length, the language, a SIGNED-SHORT text length, the text (checked when read)
            var span = a.Value.Span;
            var languageLength = BinaryPrimitives.ReadUInt16BigEndian(span);
            return Encoding.UTF8.GetString(span[(4 + languageLength)..]);
        }

        return IppTags.IsString(a.ValueTag) ? Encoding.UTF8.GetString(a.Value.Span) : null;
    }
}
