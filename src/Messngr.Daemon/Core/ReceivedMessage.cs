using System.Net;

namespace Messngr.Daemon.Core;

/// <summary>
/// One message as it crossed a listener (architecture.md, "One Message model"; issue #13, item 1).
/// Classic transports carry no identity, so <see cref="Authenticated"/> is false for them: the
/// sender name is a claim, shown as unverified. Each message has a <see cref="MessageId"/>: a
/// classic one gets a fresh id when it is received (when this record is made), priority normal,
/// a classic unverified sender (its claimed name and source address) and no expiry, correlation
/// key or reply-to; a native one carries the sender's.
/// </summary>
internal sealed record ReceivedMessage(
    string From,
    string To,
    string Text,
    MessageTransport Transport,
    IPEndPoint Source,
    DateTimeOffset ReceivedAt,
    bool Authenticated = false)
{
    private readonly SenderIdentity? _sender;
    private readonly string? _correlationKey;

    /// <summary>The store's id, set once the message is committed (0 before).</summary>
    public long Id { get; init; }

    /// <summary>The globally unique, time-ordered id; receivers deduplicate by it.</summary>
    public MessageId MessageId { get; init; } = MessageId.New();

    /// <summary>Who sent it: by default the classic, unverified claim of <see cref="From"/> from <see cref="Source"/>.</summary>
    public SenderIdentity Sender
    {
        get => _sender ?? new SenderIdentity.Classic(From, Source);
        init => _sender = value;
    }

    /// <summary>Whether the sender is vouched for: a verified native sender, or a transport that authenticated it (the local host).</summary>
    public bool Verified => Authenticated || Sender.Verified;

    public Priority Priority { get; init; } = Priority.Normal;

    /// <summary>After this the message is no longer worth delivering or showing as current; null = never.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Same key, same sender, same recipient: the later message replaces the earlier one (<see cref="Core.CorrelationKey"/>).</summary>
    public string? CorrelationKey
    {
        get => _correlationKey;
        init => _correlationKey = Core.CorrelationKey.Validate(value, nameof(CorrelationKey));
    }

    /// <summary>The message this one answers.</summary>
    public MessageId? ReplyTo { get; init; }

    /// <summary>
    /// Sealed (IP Messenger's SECRETOPT; docs/native-protocol.md §5.3 MESSAGE-FLAGS bit 0): shown as a
    /// closed envelope until its user opens it (<c>messngr read ID</c>), which sends the read receipt.
    /// </summary>
    public bool Sealed { get; init; }

    /// <summary>When a sink of this node first showed it (receipt <c>displayed</c>, issue #13 item 6); null until then.</summary>
    public DateTimeOffset? DisplayedAt { get; init; }

    /// <summary>When its user opened or acknowledged it (receipt <c>read</c>; read implies displayed); null until then.</summary>
    public DateTimeOffset? ReadAt { get; init; }

    /// <summary>
    /// Who may read it besides root, decided once when it is committed (issue #10, item 3): the uid
    /// that owned the To name at that moment; null = everyone logged on (the computer name, the
    /// workgroup, a broadcast). The default 0 is root only, so a message nobody classified stays private.
    /// </summary>
    public uint? OwnerUid { get; init; } = 0;

    /// <summary>The message id of the later message with the same correlation key that replaced it in history; null while current.</summary>
    public MessageId? SupersededBy { get; init; }
}
