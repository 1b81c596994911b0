namespace Messngr.Daemon.Quiet;

/// <summary>Whether a user's messages are held now (<see cref="IsQuiet"/>), why, and when that ends (null: not quiet, or until <c>dnd off</c>).</summary>
internal readonly record struct QuietStatus(bool IsQuiet, QuietReason Reason, DateTimeOffset? EndsAt);
