namespace Messngr.Daemon.Core;

/// <summary>A committed message with its store id.</summary>
internal sealed record StoredMessage(long Id, ReceivedMessage Message);
