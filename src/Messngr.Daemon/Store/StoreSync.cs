namespace Messngr.Daemon.Store;

/// <summary>
/// When a commit of the message store counts as done (<c>store sync</c>; SQLite's
/// <c>PRAGMA synchronous</c> in WAL mode, https://sqlite.org/pragma.html#pragma_synchronous).
/// Every acknowledgement messngr gives — the SMB D6 reply, NERR_Success, the native RECEIPT
/// <i>stored</i> — is sent after that commit.
/// </summary>
public enum StoreSync
{
    /// <summary>
    /// <c>synchronous = FULL</c> (the default): the WAL is fsynced at every commit, so an
    /// acknowledged message survives a daemon crash, a kernel crash and a power cut.
    /// </summary>
    Full,

    /// <summary>
    /// <c>synchronous = NORMAL</c>: a commit is written to the WAL (the operating system holds it)
    /// and fsynced at checkpoints only; an acknowledged message survives a daemon crash
    /// (<c>kill -9</c>), but a kernel crash or power cut may lose the last commits. This is the
    /// durability NATS JetStream gives by default (its <c>sync_interval</c> of 2 minutes).
    /// </summary>
    Normal,
}
