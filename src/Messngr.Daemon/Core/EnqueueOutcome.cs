namespace Messngr.Daemon.Core;

/// <summary>What <c>IMessageStore.EnqueueOutgoing</c> did.</summary>
internal enum EnqueueOutcome
{
    /// <summary>Durable in the outbox, with its <c>queued</c> receipt.</summary>
    Queued,

    /// <summary>A message with this id is already in the outbox: nothing was written.</summary>
    Duplicate,

    /// <summary>
    /// The outbox holds <see cref="DaemonLimits.MaxOutbox"/> messages and none of them is finished
    /// (finished ones are dropped, oldest first, to make room): nothing was written; try later.
    /// </summary>
    Full,
}
