namespace Messngr.Daemon.Control.Api;

/// <summary>
/// The body of <c>POST /v1/send/any</c> (issue #14, item 2): one recipient as <c>messngr send</c>
/// takes it (NAME, NAME@HOST[:PORT], an address, <c>*</c>, <c>/domain[:WG]</c>, <c>/users</c>; not
/// <c>@FILE</c>), the text, and for a native send the priority (low, normal, high, critical) and the
/// id of the message it answers. The sender is never in the body: it is the caller's login name.
/// <c>alert: true</c> with no recipient sends to the daemon's <c>alert names</c>, at priority high
/// unless one is given: what <c>messngr alert TEXT</c> does, for <c>messngr-send --alert</c> (issue #15, item 8).
/// <c>integration</c> (upsmon-notify, clamav-event, media-script), alone with its caller's
/// <c>args</c> and the <c>environment</c> variables it reads, sends what <c>messngr INTEGRATION</c>
/// sends, for <c>messngr-send --INTEGRATION</c> (issue #15, item 8; <see cref="ControlIntegrationSend"/>).
/// Their elements are nullable here so that a JSON null is seen and refused, not taken for a string.
/// </summary>
internal sealed record AnySendRequest(
    string? Recipient,
    string? Text,
    string? Priority = null,
    string? ReplyTo = null,
    bool? Alert = null,
    string? Integration = null,
    IReadOnlyList<string?>? Args = null,
    IReadOnlyDictionary<string, string?>? Environment = null);
