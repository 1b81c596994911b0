namespace Messngr.Daemon.Core;

/// <summary>One state a sent message reached, when, and any detail (the receiver's reason, the last error).</summary>
internal sealed record Receipt(MessageId MessageId, ReceiptState State, DateTimeOffset At, string? Detail = null);
