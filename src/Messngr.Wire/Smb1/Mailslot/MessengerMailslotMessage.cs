using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Messngr.Wire.Smb1.Mailslot;

/// <summary>
/// The Messenger / WinPopup payload on <c>\MAILSLOT\MESSNGR</c> (protocols.md §4.2, [MS-MSRP]
/// 3.2.4.4): <c>From 00 To 00 Text 00</c>, three OEM strings, no type byte, no lengths.
/// </summary>
/// <remarks>
/// Tolerance and bounds: the final NUL may be missing (some senders omit it); that is recorded in
/// <see cref="TextTerminated"/> so the bytes write back unchanged. From and To must be
/// NUL-terminated and at most <see cref="MaxNameBytes"/> bytes — more than any NetBIOS (15),
/// domain (15) or Windows user name (20) but bounded. Text is at most
/// <see cref="MessageLimits.MessageTextBytes"/> (652, [MS-MSRP] 3.2.4.4). Bytes after the Text's
/// NUL (<c>text 00 00</c>, a fixed-size buffer's zeros, padding to 4, a sender's leftovers) are
/// tolerated and kept in <see cref="Trailing"/> (bounded by the mailslot's DataCount) so the bytes
/// write back unchanged; the receiver counts them (issue #11, item 9;
/// docs/classic-conformance.md). They are never part of the text.
/// </remarks>
public sealed record MessengerMailslotMessage : IWirePacket<MessengerMailslotMessage>
{
    /// <summary>Longest From or To accepted, in OEM bytes before the NUL.</summary>
    public const int MaxNameBytes = 64;

    /// <summary>Longest Text accepted, in OEM bytes before the NUL ([MS-MSRP] 3.2.4.4).</summary>
    public const int MaxTextBytes = MessageLimits.MessageTextBytes;

    /// <summary>Most bytes kept after the Text's NUL: a mailslot write's Databytes never exceed this (DataCount is 16 bits).</summary>
    public const int MaxTrailingBytes = ushort.MaxValue;

    private readonly ReadOnlyMemory<byte> _from;
    private readonly ReadOnlyMemory<byte> _to;
    private readonly ReadOnlyMemory<byte> _text;
    private readonly ReadOnlyMemory<byte> _trailing;

    /// <summary>Sender (user or computer name), OEM bytes without the NUL.</summary>
    public ReadOnlyMemory<byte> From
    {
        get => _from;
        init => _from = Validate(value, MaxNameBytes, "From");
    }

    /// <summary>Recipient, or the workgroup/domain name for a broadcast; OEM bytes without the NUL.</summary>
    public ReadOnlyMemory<byte> To
    {
        get => _to;
        init => _to = Validate(value, MaxNameBytes, "To");
    }

    /// <summary>The message, OEM bytes without the NUL; line breaks may be 0x14, CR, LF or CRLF.</summary>
    public ReadOnlyMemory<byte> Text
    {
        get => _text;
        init => _text = Validate(value, MaxTextBytes, "Text");
    }

    /// <summary>False when the sender left out the final NUL.</summary>
    public bool TextTerminated { get; init; } = true;

    /// <summary>
    /// Bytes after the Text's NUL, as received (empty from a well-behaved sender). Only possible
    /// when <see cref="TextTerminated"/>; written back after it.
    /// </summary>
    public ReadOnlyMemory<byte> Trailing
    {
        get => _trailing;
        init => _trailing = value.Length <= MaxTrailingBytes ? value : throw new ArgumentException($"Messenger trailing bytes are {value.Length}; the limit is {MaxTrailingBytes}", nameof(value));
    }

    /// <summary>True when bytes followed the Text's NUL.</summary>
    public bool HasTrailingBytes => !_trailing.IsEmpty;

    public int EncodedLength => _from.Length + 1 + _to.Length + 1 + _text.Length + (TextTerminated ? 1 : 0) + _trailing.Length;

    /// <summary>
    /// Encodes strings with the OEM code page (default CP850); Text line breaks become 0x14 when
    /// <paramref name="windowsLineBreaks"/> is set. Throws <see cref="ArgumentException"/> naming an
    /// unrepresentable character or a part over its limit.
    /// </summary>
    public static MessengerMailslotMessage Create(string from, string to, string text, Encoding? oem = null, bool windowsLineBreaks = true)
    {
        var codePage = oem ?? OemCodePage.Default;
        return new MessengerMailslotMessage
        {
            From = OemCodePage.EncodeStrict(from, codePage, "sender name"),
            To = OemCodePage.EncodeStrict(to, codePage, "recipient name"),
            Text = MessageText.Encode(text, codePage, windowsLineBreaks),
        };
    }

    /// <summary>Parses a whole Databytes block. Never throws on bad input.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out MessengerMailslotMessage? message, out PacketError error) =>
        WirePacket.TryParse(bytes, out message, out error);

    /// <summary>Reads from the reader's position to its end (the Databytes are the whole input).</summary>
    public static MessengerMailslotMessage Read(ref WireReader reader)
    {
        var from = reader.ReadNulTerminated(MaxNameBytes).ToArray();
        var to = reader.ReadNulTerminated(MaxNameBytes).ToArray();
        var text = reader.ReadNulTerminatedOrToEnd(MaxTextBytes, out var terminated).ToArray();
        var trailing = reader.ReadBytes(reader.Remaining).ToArray();
        return new MessengerMailslotMessage { From = from, To = to, Text = text, TextTerminated = terminated, Trailing = trailing };
    }

    public void Write(ref WireWriter writer)
    {
        writer.WriteNulTerminated(_from.Span);
        writer.WriteNulTerminated(_to.Span);
        writer.WriteBytes(_text.Span);
        if (TextTerminated)
        {
            writer.WriteByte(0);
        }

        writer.WriteBytes(_trailing.Span);
    }

    public string GetFrom(Encoding? oem = null) => (oem ?? OemCodePage.Default).GetString(_from.Span);

    public string GetTo(Encoding? oem = null) => (oem ?? OemCodePage.Default).GetString(_to.Span);

    /// <summary>The text decoded, with 0x14/CR/CRLF turned into '\n' (<see cref="MessageText.Decode"/>).</summary>
    public string GetText(Encoding? oem = null) => MessageText.Decode(_text.Span, oem);

    public bool Equals(MessengerMailslotMessage? other) =>
        other is not null && TextTerminated == other.TextTerminated && _from.Span.SequenceEqual(other._from.Span)
        && _to.Span.SequenceEqual(other._to.Span) && _text.Span.SequenceEqual(other._text.Span) && _trailing.Span.SequenceEqual(other._trailing.Span);

    public override int GetHashCode() => HashCode.Combine(_from.Length, _to.Length, _text.Length, TextTerminated, _trailing.Length);

    private static ReadOnlyMemory<byte> Validate(ReadOnlyMemory<byte> value, int max, string part)
    {
        if (value.Length > max)
        {
            throw new ArgumentException($"Messenger {part} is {value.Length} bytes; the limit is {max}", nameof(value));
        }

        if (value.Span.Contains((byte)0))
        {
            throw new ArgumentException($"Messenger {part} cannot contain a NUL byte (it ends the string on the wire)", nameof(value));
        }

        return value;
    }
}
