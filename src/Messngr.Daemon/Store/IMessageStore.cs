using Messngr.Daemon.Core;

namespace Messngr.Daemon.Store;

/// <summary>A name added with <c>messngr name NAME /add</c>, kept across restarts.</summary>
internal sealed record AliasRecord(string Name, uint? OwnerUid, DateTimeOffset AddedAt);

/// <summary>
/// Durable state of the daemon (architecture.md: SQLite, WAL). Called from one writer task for
/// commits; reads may come from any thread.
/// </summary>
internal interface IMessageStore : IDisposable
{
    /// <summary>
    /// Commits the batch in one transaction and returns, in order, each message's row id — or, for
    /// one whose <see cref="ReceivedMessage.MessageId"/> is already stored, the earlier row's id
    /// marked <see cref="CommitResult.Duplicate"/> (nothing written). A message with a correlation
    /// key from a verified sender supersedes the earlier current one of its group (<see cref="MessageCommitter"/>).
    /// Returns only once the data is durable.
    /// </summary>
    IReadOnlyList<CommitResult> Commit(IReadOnlyList<ReceivedMessage> batch);

    /// <summary>
    /// Newest first, at most <paramref name="limit"/>: all (<paramref name="readerUid"/> null, root),
    /// or those a user may read — owned by them when they arrived, or for everyone. Filtered and
    /// limited by the database, with an index. Messages a later one with the same correlation key
    /// replaced are left out unless <paramref name="includeSuperseded"/>.
    /// </summary>
    IReadOnlyList<StoredMessage> History(int limit, uint? readerUid = null, bool includeSuperseded = false);

    /// <summary>
    /// One bounded retention step: deletes at most <see cref="DaemonLimits.RetentionBatch"/> of the
    /// oldest messages beyond the newest <paramref name="maxMessages"/> or older than
    /// <paramref name="maxAge"/> (0 = no such bound) and returns how many.
    /// </summary>
    int Prune(DateTimeOffset now, int maxMessages, TimeSpan maxAge);

    /// <summary>Ok, or failing and why (disk full, corrupt) since the last failed commit or read.</summary>
    StoreHealth Health { get; }

    IReadOnlyList<AliasRecord> LoadAliases();

    void SaveAlias(AliasRecord alias);

    void DeleteAlias(string name);

    // ── The sender's outbox and receipts (issue #13, items 1, 6 and 7) ──────────────────────

    /// <summary>
    /// Puts a message in the durable outbox with its <c>queued</c> receipt (at its creation time):
    /// <see cref="EnqueueOutcome.Duplicate"/> when its id is there already,
    /// <see cref="EnqueueOutcome.Full"/> when <see cref="DaemonLimits.MaxOutbox"/> messages all still wait.
    /// </summary>
    EnqueueOutcome EnqueueOutgoing(OutgoingMessage message);

    /// <summary>
    /// <see cref="EnqueueOutgoing"/> for callers on the thread pool: the same durable result, but a
    /// caller that finds another commit under way awaits the next group commit instead of blocking a thread.
    /// </summary>
    Task<EnqueueOutcome> EnqueueOutgoingAsync(OutgoingMessage message) => Task.FromResult(EnqueueOutgoing(message));

    /// <summary>At most <paramref name="limit"/> waiting messages whose next attempt is due at <paramref name="now"/> and that have not expired, earliest due first.</summary>
    IReadOnlyList<OutgoingMessage> DueOutgoing(DateTimeOffset now, int limit);

    /// <summary>The outbox entry with this id, waiting or finished; null when there is none.</summary>
    OutgoingMessage? FindOutgoing(MessageId id);

    /// <summary>
    /// Counts an attempt at a waiting message: its error (null after a success) and when to try
    /// next (null: no further attempt planned). False when the message is unknown or finished.
    /// </summary>
    bool RecordAttempt(MessageId id, DateTimeOffset? nextAttemptAt, string? error);

    /// <summary>
    /// Records a state the message reached, once (<see cref="ReceiptStateText.Records"/>): true when
    /// recorded, false when ignored (already there, queued/sent behind a later state, anything after
    /// expired or failed, or not a message of this outbox).
    /// Stored, displayed, read, expired and failed end the attempts.
    /// </summary>
    bool RecordReceipt(Receipt receipt);

    /// <summary>
    /// The end of a delivered attempt in one transaction (issue #13, perf): <paramref name="sent"/>
    /// (when given: the time the MESSAGE was written), the attempt counted as a success, and
    /// <paramref name="stored"/>, each as <see cref="RecordReceipt"/> would, and the node that
    /// stored it (<paramref name="nodeId"/>, when given; as <see cref="SetOutgoingNode"/>, in the
    /// same transaction). True when stored was recorded.
    /// </summary>
    bool RecordDelivery(Receipt? sent, Receipt stored, string? nodeId = null);

    /// <summary><see cref="RecordDelivery"/>, awaiting the group commit instead of blocking a thread.</summary>
    Task<bool> RecordDeliveryAsync(Receipt? sent, Receipt stored, string? nodeId = null) => Task.FromResult(RecordDelivery(sent, stored, nodeId));

    /// <summary>The states a sent message reached, in state order, each with its time.</summary>
    IReadOnlyList<Receipt> ReceiptsFor(MessageId id);

    /// <summary>
    /// Ends waiting messages whose expiry is at or before <paramref name="now"/> (at most
    /// <see cref="DaemonLimits.ExpireBatch"/> per call) with an <c>expired</c> receipt, and returns
    /// them, so the sender can be told.
    /// </summary>
    IReadOnlyList<OutgoingMessage> ExpireDue(DateTimeOffset now);

    /// <summary>
    /// Records the node id of the receiving node (learnt from the TLS handshake) on an outbox entry,
    /// so that later displayed/read receipts can be checked against it. False when the entry is unknown.
    /// </summary>
    bool SetOutgoingNode(MessageId id, string nodeId);

    /// <summary>The earliest time a waiting message is due or expires; null when nothing waits.</summary>
    DateTimeOffset? NextOutboxEvent();

    // ── What a local user sent (issue #13, item 8: POST /v1/send, GET /v1/sent) ──────────────

    /// <summary>Messages of <paramref name="uid"/> still waiting in the outbox (another attempt planned), for the per-user cap.</summary>
    int CountWaiting(uint uid);

    /// <summary>Newest first, at most <paramref name="limit"/> outbox messages: all (<paramref name="uid"/> null, root) or those <paramref name="uid"/> sent.</summary>
    IReadOnlyList<OutgoingMessage> SentMessages(uint? uid, int limit);
}
