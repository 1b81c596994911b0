namespace Messngr.Daemon.Control.Api;

/// <summary>
/// One recipient's result of <c>POST /v1/send/any</c> (issue #14, item 2), the fields of
/// <c>messngr send --json</c>: <see cref="Outcome"/> delivered, accepted-for-broadcast,
/// name-not-found, refused, unreachable, timed-out, protocol-error, queued, expired or invalid;
/// <see cref="Transport"/> native, smb, rpc or mailslot (null when none was tried, or /users);
/// <see cref="Verified"/> true only for a native send to an authenticated node (classic transports
/// carry no proof of who received it); <see cref="MessageId"/> and <see cref="State"/> for native
/// sends (follow them with <c>GET /v1/sent/{id}</c>); <see cref="RetryUntil"/> for a queued one,
/// when the daemon gives up retrying (what <c>messngr send</c>'s result line names; issue #15, item 8).
/// </summary>
internal sealed record AnySendResultDto(
    string Recipient,
    string Outcome,
    bool Succeeded,
    string? Transport,
    bool Verified,
    string? To,
    string? Address,
    string Detail,
    string? MessageId,
    string? State,
    string? NodeId,
    DateTimeOffset? RetryUntil = null);

/// <summary>The answer of <c>POST /v1/send/any</c>: one result per recipient (a broadcast is one).</summary>
internal sealed record AnySendDto(IReadOnlyList<AnySendResultDto> Results);
