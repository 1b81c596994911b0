namespace Messngr.Daemon.Sending;

/// <summary>
/// What a native send adds to a <see cref="RecipientResult"/> (issue #13, item 8): the message id,
/// its furthest receipt state (queued, sent, stored, displayed, read, expired, failed), the
/// receiver's node id, whether the node was authenticated (verified by TLS and the trust list),
/// and, while queued, until when the daemon retries.
/// </summary>
public sealed record NativeDelivery(string MessageId, string State, string? NodeId, bool Authenticated, DateTimeOffset? RetryUntil = null);
