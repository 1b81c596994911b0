namespace Messngr.Daemon.Control.Api;

/// <summary>
/// The body of <c>POST /v1/send</c> (issue #13, item 8): a message the daemon sends natively as
/// the caller. The sender is never in the body: it is the caller's uid (SO_PEERCRED) and its login
/// name. <see cref="Priority"/> is low, normal (default), high or critical; <see cref="ExpiresInSeconds"/>
/// null: the daemon's default expiry; <see cref="ReplyTo"/> a message id. Either <see cref="Recipient"/>
/// (one message, answered by a <see cref="NativeSendDto"/>) or <see cref="Recipients"/> (one message
/// each, all sent at once, answered by a <see cref="NativeSendBatchDto"/>; issue #13, many).
/// </summary>
internal sealed record NativeSendRequest(
    string? Recipient,
    string? Text,
    string? Priority = null,
    long? ExpiresInSeconds = null,
    bool? Sealed = null,
    string? CorrelationKey = null,
    string? ReplyTo = null,
    IReadOnlyList<string?>? Recipients = null);
