namespace Messngr.Daemon.Control.Api;

/// <summary>
/// One received message as <c>GET /v1/history</c> and <c>GET /v1/listen</c> carry it (issue 4:
/// "at least id, from, to, text, transport (smb|mailslot|rpc|native), authenticated,
/// sourceAddress, receivedAt"). The text is the raw decoded body: whoever shows it sanitises it.
/// </summary>
internal sealed record MessageDto(
    long Id,
    string From,
    string To,
    string Text,
    string Transport,
    bool Authenticated,
    string SourceAddress,
    int SourcePort,
    DateTimeOffset ReceivedAt);
