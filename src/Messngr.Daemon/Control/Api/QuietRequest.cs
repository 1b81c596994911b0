namespace Messngr.Daemon.Control.Api;

/// <summary>
/// <c>PUT /v1/quiet</c>: what to change, the rest is kept. <c>dnd</c>: on, off or until (with
/// <c>until</c>: HH:MM or ISO 8601, read by the daemon in its time zone); <c>quietHours</c>:
/// "HH:MM-HH:MM" or "off".
/// </summary>
internal sealed record QuietRequest(string? Dnd, string? Until, string? QuietHours);
