namespace Messngr.Daemon.Control.Api;

/// <summary>
/// One message the caller sent natively, as <c>GET /v1/sent</c> and <c>GET /v1/sent/{id}</c>
/// carry it (issue #13, item 8): its furthest state and every receipt in state order, the
/// attempts made and the last attempt's error. The text is not included: the sender has it.
/// </summary>
internal sealed record SentDto(
    string Id,
    string Recipient,
    string? NodeId,
    string FromUser,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    string State,
    IReadOnlyList<ReceiptDto> Receipts,
    int Attempts,
    string? LastError);
