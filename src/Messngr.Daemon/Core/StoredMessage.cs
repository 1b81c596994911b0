namespace Messngr.Daemon.Core;

/// <summary>
/// A committed message with its store id. <paramref name="Duplicate"/>: its <see cref="MessageId"/>
/// was already stored, so nothing was written and <paramref name="Id"/> is the earlier row's
/// (the sender may be told "stored" again; sinks must not show it twice).
/// </summary>
internal sealed record StoredMessage(long Id, ReceivedMessage Message, bool Duplicate = false);
