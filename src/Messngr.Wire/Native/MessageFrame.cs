namespace Messngr.Wire.Native;

/// <summary>
/// docs/native-protocol.md §5.3 MESSAGE (TYPE 0x10, a request: STREAM-ID ≠ 0, answered by a
/// RECEIPT stored or refused on the same stream). Grammar:
/// <c>MESSAGE-ID(16, UUIDv7) PRIORITY(u8, 0..3) MESSAGE-FLAGS(u8, bit 0 sealed) CREATED-AT(i64)
/// EXPIRES-AT(i64, 0 = never) REPLY-TO(16, UUIDv7 or zero) SENDER-USER(STR8 label 1..64)
/// RECIPIENT(STR8 label 1..64) CORRELATION-KEY(STR8 label 0..128) TEXT(TEXT32 0..65536)</c>.
/// </summary>
public sealed record MessageFrame : NativeFrame
{
    /// <summary>MESSAGE-FLAGS bit 0: show as an envelope until the user opens it (IP Messenger's SECRETOPT).</summary>
    public const byte SealedFlag = 0x01;

    private const int FixedLength = 16 + 1 + 1 + 8 + 8 + 16;

    internal const int MinPayload = FixedLength + 2 + 2 + 1 + 4;

    internal const int MaxPayload = FixedLength + 2 * (1 + NativeLimits.MaxNameBytes) + 1 + NativeLimits.MaxCorrelationKeyBytes + 4 + NativeLimits.MaxTextBytes;

    private readonly int _userBytes;
    private readonly int _recipientBytes;
    private readonly int _keyBytes;
    private readonly int _textBytes;

    public MessageFrame(
        uint streamId,
        Guid messageId,
        NativePriority priority,
        bool @sealed,
        long createdAt,
        long expiresAt,
        Guid replyTo,
        string senderUser,
        string recipient,
        string correlationKey,
        string text)
        : base(CheckStreamId(NativeFrameType.Message, streamId))
    {
        MessageId = NativeFields.CheckMessageId(messageId, allowNil: false, nameof(messageId));
        Priority = Enum.IsDefined(priority) ? priority : throw new ArgumentOutOfRangeException(nameof(priority), priority, "priority is low, normal, high or critical");
        Sealed = @sealed;
        CreatedAt = NativeFields.CheckTime(createdAt, nameof(createdAt));
        ExpiresAt = NativeFields.CheckTime(expiresAt, nameof(expiresAt));
        ReplyTo = NativeFields.CheckMessageId(replyTo, allowNil: true, nameof(replyTo));
        _userBytes = NativeText.Measure(senderUser, 1, NativeLimits.MaxNameBytes, label: true, nameof(senderUser));
        _recipientBytes = NativeText.Measure(recipient, 1, NativeLimits.MaxNameBytes, label: true, nameof(recipient));
        _keyBytes = NativeText.Measure(correlationKey, 0, NativeLimits.MaxCorrelationKeyBytes, label: true, nameof(correlationKey));
        _textBytes = NativeText.Measure(text, 0, NativeLimits.MaxTextBytes, label: false, nameof(text));
        SenderUser = senderUser;
        Recipient = recipient;
        CorrelationKey = correlationKey;
        Text = text;
    }

    /// <summary>The message's UUIDv7; receivers deduplicate by (sender node, this id).</summary>
    public Guid MessageId { get; }

    public NativePriority Priority { get; }

    public bool Sealed { get; }

    /// <summary>Milliseconds since 1970 (UTC) when the sender's user sent it.</summary>
    public long CreatedAt { get; }

    /// <summary>Milliseconds since 1970 (UTC) after which nobody may deliver it; 0 = never.</summary>
    public long ExpiresAt { get; }

    /// <summary>The id of the message this one answers; <see cref="Guid.Empty"/> = none.</summary>
    public Guid ReplyTo { get; }

    /// <summary>The user on the sending node (the node itself is the TLS peer's certificate).</summary>
    public string SenderUser { get; }

    /// <summary>A name of the receiving node; anything else is refused "not here".</summary>
    public string Recipient { get; }

    /// <summary>A later message with the same key from the same sender replaces the earlier one; "" = none.</summary>
    public string CorrelationKey { get; }

    public string Text { get; }

    public override NativeFrameType Type => NativeFrameType.Message;

    public override int PayloadLength => FixedLength + 1 + _userBytes + 1 + _recipientBytes + 1 + _keyBytes + 4 + _textBytes;

    internal static MessageFrame ReadPayload(uint streamId, ref WireReader payload)
    {
        var id = NativeFields.ReadMessageId(ref payload, allowNil: false);
        var at = payload.AbsolutePosition;
        var priority = (NativePriority)payload.ReadByte();
        if (!Enum.IsDefined(priority))
        {
            throw new MalformedPacketException(PacketError.BadValue, at);
        }

        at = payload.AbsolutePosition;
        var flags = payload.ReadByte();
        if ((flags & ~SealedFlag) != 0)
        {
            throw new MalformedPacketException(PacketError.BadValue, at);
        }

        var created = NativeFields.ReadTime(ref payload);
        var expires = NativeFields.ReadTime(ref payload);
        var replyTo = NativeFields.ReadMessageId(ref payload, allowNil: true);
        var user = NativeText.ReadStr8(ref payload, 1, NativeLimits.MaxNameBytes, label: true);
        var recipient = NativeText.ReadStr8(ref payload, 1, NativeLimits.MaxNameBytes, label: true);
        var key = NativeText.ReadStr8(ref payload, 0, NativeLimits.MaxCorrelationKeyBytes, label: true);
        var text = NativeText.ReadText32(ref payload, NativeLimits.MaxTextBytes);
        return new MessageFrame(streamId, id, priority, (flags & SealedFlag) != 0, created, expires, replyTo, user, recipient, key, text);
    }

    private protected override void WritePayload(ref WireWriter writer)
    {
        NativeFields.WriteMessageId(ref writer, MessageId);
        writer.WriteByte((byte)Priority);
        writer.WriteByte(Sealed ? SealedFlag : (byte)0);
        NativeFields.WriteTime(ref writer, CreatedAt);
        NativeFields.WriteTime(ref writer, ExpiresAt);
        NativeFields.WriteMessageId(ref writer, ReplyTo);
        NativeText.WriteStr8(ref writer, SenderUser, _userBytes);
        NativeText.WriteStr8(ref writer, Recipient, _recipientBytes);
        NativeText.WriteStr8(ref writer, CorrelationKey, _keyBytes);
        NativeText.WriteText32(ref writer, Text, _textBytes);
    }
}
