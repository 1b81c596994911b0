namespace Messngr.Daemon.Control.Api;

/// <summary>
/// The answer of <c>POST /v1/send</c> after the first attempt (issue #13, item 8): the message id,
/// the attempt's outcome (delivered, refused, untrusted, unreachable, timed-out, protocol-error),
/// whether it waits in the outbox for another attempt, the receiver's node id when the handshake
/// told it, the detail in words, and the furthest receipt state (queued, sent, stored, …); the
/// recipient as the request gave it, and for a queued message the time until which it is retried
/// (its expiry).
/// </summary>
internal sealed record NativeSendDto(
    string MessageId,
    string Outcome,
    bool Queued,
    string? NodeId,
    string Detail,
    string State,
    string? Recipient = null,
    DateTimeOffset? RetryUntil = null);
