namespace Messngr.Daemon.Control.Api;

/// <summary>
/// One received message as <c>GET /v1/history</c> and <c>GET /v1/listen</c> carry it (issue 4:
/// "at least id, from, to, text, transport (smb|mailslot|rpc|native), authenticated,
/// sourceAddress, receivedAt"; issue #13, item 1: the message model). <see cref="Id"/> is the
/// message id (UUIDv7 text), <see cref="Seq"/> the daemon's own row number (the order of arrival
/// in this store). The text is the raw decoded body: whoever shows it sanitises it. It is null for
/// a sealed message in history and listen (the envelope, issue #13 item 6): only
/// <c>POST /v1/messages/{id}/read</c> hands a sealed message's text out.
/// <see cref="Sealed"/>, <see cref="DisplayedAt"/> and <see cref="ReadAt"/>: issue #13, item 6.
/// </summary>
internal sealed record MessageDto(
    string Id,
    string From,
    string To,
    string? Text,
    string Transport,
    bool Authenticated,
    string SourceAddress,
    int SourcePort,
    DateTimeOffset ReceivedAt,
    long Seq,
    string Priority,
    bool Verified,
    string? SenderNode,
    string? SenderUser,
    DateTimeOffset? ExpiresAt,
    string? CorrelationKey,
    string? ReplyTo,
    string? SupersededBy,
    bool Sealed,
    DateTimeOffset? DisplayedAt,
    DateTimeOffset? ReadAt);
