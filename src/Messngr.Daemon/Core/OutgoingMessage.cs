namespace Messngr.Daemon.Core;

/// <summary>
/// A message in the sender's durable outbox (issue #13, items 1 and 7): what to send, to whom,
/// from which local user, and where its delivery stands. <see cref="NextAttemptAt"/> null: no
/// more attempts (stored at the receiver, expired or failed — <see cref="Receipt"/>s say which).
/// </summary>
internal sealed record OutgoingMessage
{
    private readonly string? _correlationKey;

    public OutgoingMessage(MessageId id, string recipient, string fromUser, uint fromUid, string text, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(recipient);
        ArgumentException.ThrowIfNullOrEmpty(fromUser);
        ArgumentNullException.ThrowIfNull(text);
        Id = id;
        Recipient = recipient;
        FromUser = fromUser;
        FromUid = fromUid;
        Text = text;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
    }

    public MessageId Id { get; }

    /// <summary>The recipient as the user wrote it (a name, or name@node).</summary>
    public string Recipient { get; }

    /// <summary>The recipient's node id as text, when known; null until discovery finds it.</summary>
    public string? NodeId { get; init; }

    public string FromUser { get; }

    public uint FromUid { get; }

    public string Text { get; }

    public Priority Priority { get; init; } = Priority.Normal;

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public string? CorrelationKey
    {
        get => _correlationKey;
        init => _correlationKey = Core.CorrelationKey.Validate(value, nameof(CorrelationKey));
    }

    public MessageId? ReplyTo { get; init; }

    /// <summary>Sealed: the receiver shows an envelope until its user opens it (docs/native-protocol.md §5.3).</summary>
    public bool Sealed { get; init; }

    /// <summary>When to try (again); the creation time for a new message, null when no attempt is left.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Attempts made so far.</summary>
    public int Attempts { get; init; }

    /// <summary>Why the last attempt failed (for <c>messngr sent</c>); null after none or a success.</summary>
    public string? LastError { get; init; }
}
