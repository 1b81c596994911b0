namespace Messngr.Daemon.Core;

/// <summary>What a name change did, with a message for the user.</summary>
internal sealed record NameChangeResult(NameChangeOutcome Outcome, string Message);
