namespace Messngr.Daemon.Users;

/// <summary>The sessions a message is shown on, and why.</summary>
internal sealed record Recipients(RecipientKind Kind, IReadOnlyList<LoggedOnUser> Sessions);
