namespace Messngr.Daemon.Control.Api;

/// <summary>
/// <c>GET/PUT /v1/quiet</c> (issue #14, item 3): the caller's settings — <c>dnd</c> is off, on or
/// until (<c>dndUntil</c>), <c>quietHours</c> "HH:MM-HH:MM" or null — and what they mean now:
/// <c>quiet</c>, <c>reason</c> (none, dnd, quiet-hours) and <c>quietUntil</c> (null when not quiet
/// or until <c>dnd off</c>). Quiet hours are read in the daemon's <c>timeZone</c>.
/// </summary>
internal sealed record QuietDto(string Dnd, DateTimeOffset? DndUntil, string? QuietHours, bool Quiet, string Reason, DateTimeOffset? QuietUntil, string TimeZone);
