using System.Text;

namespace Messngr.Wire.DceRpc;

/// <summary>
/// [MS-MSRP] §3.2.4.1 NetrSendMessage request stub (msgsvcsend opnum 0; protocols.md §7.2, §7.5):
/// <c>[in, string] LPSTR From, To, Text</c> as three NDR conformant varying strings, each aligned
/// to 4 from the stub start, no referent ids (top-level [ref] pointers). The strings are OEM bytes
/// (protocols.md §8), kept raw here without their NUL; decode with <see cref="GetFrom"/>,
/// <see cref="GetTo"/>, <see cref="GetText"/>.
/// </summary>
public sealed record NetrSendMessageRequest : INdrPacket<NetrSendMessageRequest>, IWirePacket<NetrSendMessageRequest>
{
    /// <summary>Our cap on From and To (NUL excluded): NetBIOS names are 15 bytes, DNS names 255.</summary>
    public const int MaxNameLength = 255;

    /// <summary>
    /// Our cap on Text (NUL excluded). [MS-MSRP] §3.2.4.4 senders stay under 652 bytes and displays
    /// show at most 4,095 characters (note &lt;24&gt;); twice that leaves room for odd senders.
    /// </summary>
    public const int MaxTextLength = 8191;

    private NetrSendMessageRequest(byte[] from, byte[] to, byte[] text)
    {
        From = from;
        To = to;
        Text = text;
    }

    /// <summary>Sender name (Wireshark shows it as <c>messenger.server</c>).</summary>
    public ReadOnlyMemory<byte> From { get; }

    /// <summary>Recipient name (Wireshark: <c>messenger.client</c>).</summary>
    public ReadOnlyMemory<byte> To { get; }

    /// <summary>Message text; 0x14 is the Windows line break (<see cref="MessageText"/>).</summary>
    public ReadOnlyMemory<byte> Text { get; }

    public int EncodedLength =>
        NdrWriter.AfterConformantVaryingString(NdrWriter.AfterConformantVaryingString(NdrWriter.AfterConformantVaryingString(0, From.Length), To.Length), Text.Length);

    /// <summary>Builds a request from OEM bytes (no NUL inside); throws <see cref="ArgumentException"/> naming the bad field.</summary>
    public static NetrSendMessageRequest FromOem(ReadOnlySpan<byte> from, ReadOnlySpan<byte> to, ReadOnlySpan<byte> text)
    {
        Check(from, MaxNameLength, nameof(from));
        Check(to, MaxNameLength, nameof(to));
        Check(text, MaxTextLength, nameof(text));
        return new NetrSendMessageRequest(from.ToArray(), to.ToArray(), text.ToArray());
    }

    /// <summary>
    /// Builds a request from text: names and text in the OEM code page (default CP850), line breaks
    /// in the text turned into 0x14 as Windows does. Unrepresentable characters throw, naming them.
    /// </summary>
    public static NetrSendMessageRequest Create(string from, string to, string text, Encoding? oem = null)
    {
        var codePage = oem ?? OemCodePage.Default;
        return FromOem(
            OemCodePage.EncodeStrict(from, codePage, "sender name"),
            OemCodePage.EncodeStrict(to, codePage, "recipient name"),
            MessageText.Encode(text, codePage));
    }

    /// <summary>Parses a little-endian stub (what every known sender uses).</summary>
    public static bool TryParse(ReadOnlySpan<byte> stub, out NetrSendMessageRequest? value, out PacketError error) =>
        NdrStub.TryParse(stub, NdrDataRepresentation.LittleEndian, out value, out error);

    /// <summary>Parses a stub in the drep of the request PDU that carried it.</summary>
    public static bool TryParse(ReadOnlySpan<byte> stub, NdrDataRepresentation representation, out NetrSendMessageRequest? value, out PacketError error) =>
        NdrStub.TryParse(stub, representation, out value, out error);

    public static NetrSendMessageRequest Read(ref NdrReader reader)
    {
        var from = reader.ReadConformantVaryingString(MaxNameLength + 1).ToArray();
        var to = reader.ReadConformantVaryingString(MaxNameLength + 1).ToArray();
        var text = reader.ReadConformantVaryingString(MaxTextLength + 1).ToArray();
        // Tolerated: zero padding of the stub to a multiple of 8, which NDR engines may add.
        reader.SkipTrailingZeros(7);

        return new NetrSendMessageRequest(from, to, text);
    }

    public static NetrSendMessageRequest Read(ref WireReader reader) => NdrStub.Read<NetrSendMessageRequest>(ref reader, NdrDataRepresentation.LittleEndian);

    public void Write(ref NdrWriter writer)
    {
        writer.WriteConformantVaryingString(From.Span);
        writer.WriteConformantVaryingString(To.Span);
        writer.WriteConformantVaryingString(Text.Span);
    }

    public void Write(ref WireWriter writer) => NdrStub.Write(this, ref writer, NdrDataRepresentation.LittleEndian);

    /// <summary>The stub bytes in <paramref name="representation"/> (default little-endian).</summary>
    public byte[] ToArray(NdrDataRepresentation? representation = null) => NdrStub.ToArray(this, representation ?? NdrDataRepresentation.LittleEndian);

    /// <summary>The sender name decoded from the OEM code page (default CP850).</summary>
    public string GetFrom(Encoding? oem = null) => (oem ?? OemCodePage.Default).GetString(From.Span);

    /// <summary>The recipient name decoded from the OEM code page (default CP850).</summary>
    public string GetTo(Encoding? oem = null) => (oem ?? OemCodePage.Default).GetString(To.Span);

    /// <summary>The text decoded from the OEM code page with Unix line breaks (<see cref="MessageText.Decode"/>).</summary>
    public string GetText(Encoding? oem = null) => MessageText.Decode(Text.Span, oem);

    public bool Equals(NetrSendMessageRequest? other) =>
        other is not null && From.Span.SequenceEqual(other.From.Span) && To.Span.SequenceEqual(other.To.Span) && Text.Span.SequenceEqual(other.Text.Span);

    public override int GetHashCode() => HashCode.Combine(From.Length, To.Length, Text.Length);

    private static void Check(ReadOnlySpan<byte> value, int maxLength, string name)
    {
        if (value.Length > maxLength)
        {
            throw new ArgumentException($"{name} is {value.Length} bytes; NetrSendMessage takes at most {maxLength}", name);
        }

        if (value.Contains((byte)0))
        {
            throw new ArgumentException($"{name} contains a NUL byte at {value.IndexOf((byte)0)}; [string] parameters end at the first NUL", name);
        }
    }
}
