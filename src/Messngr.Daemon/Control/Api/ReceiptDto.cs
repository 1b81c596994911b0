namespace Messngr.Daemon.Control.Api;

/// <summary>One state a sent message reached (queued, sent, stored, displayed, read, expired, failed), when, and why.</summary>
internal sealed record ReceiptDto(string State, DateTimeOffset At, string? Detail);
