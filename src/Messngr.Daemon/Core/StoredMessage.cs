namespace Messngr.Daemon.Core;

/// <summary>
/// A committed message with its store id. <paramref name="Duplicate"/>: its <see cref="MessageId"/>
/// was already stored, so nothing was written and <paramref name="Id"/> is the earlier row's
/// (the sender may be told "stored" again; sinks must not show it twice). <paramref name="CommittedAt"/>:
/// when the pipeline's commit returned (durable), set before any sink sees it, so a native *stored*
/// receipt never carries a time later than the *displayed* one a sink reports (null: not known).
/// </summary>
internal sealed record StoredMessage(long Id, ReceivedMessage Message, bool Duplicate = false, DateTimeOffset? CommittedAt = null);
