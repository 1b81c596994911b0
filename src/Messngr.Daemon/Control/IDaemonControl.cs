using Messngr.Daemon.Messages;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Control;

/// <summary>
/// What the control API (HTTP+JSON over the Unix socket) may ask of the running daemon.
/// Implemented by the daemon host; the caller's uid (from SO_PEERCRED) is passed in so the
/// daemon decides what it may see and change (architecture.md: a user manages their own names
/// and messages, root everything).
/// </summary>
internal interface IDaemonControl
{
    /// <summary>Names with their state; every caller may list them (like <c>net name</c>).</summary>
    IReadOnlyList<NameInfo> ListNames();

    /// <summary><c>net name NAME /add</c>: registers NAME&lt;03&gt; owned by <paramref name="callerUid"/>.</summary>
    Task<NameChangeResult> AddNameAsync(string name, uint callerUid, CancellationToken cancellationToken);

    /// <summary><c>net name NAME /delete</c>: only the owner or root; the computer name cannot be deleted ([MS-MSRP] 3.1.4.12).</summary>
    Task<NameChangeResult> DeleteNameAsync(string name, uint callerUid, CancellationToken cancellationToken);

    /// <summary>
    /// Received messages, newest first, that <paramref name="callerUid"/> may read (root: all; a user:
    /// those to their names, the computer name and broadcasts); without those a later message with
    /// the same correlation key replaced unless <paramref name="includeSuperseded"/> (<c>history --all</c>).
    /// </summary>
    IReadOnlyList<StoredMessage> History(uint callerUid, int limit, bool includeSuperseded = false);

    /// <summary>Messages as they are committed, filtered as <see cref="History"/>; ends when the token is cancelled.</summary>
    IAsyncEnumerable<StoredMessage> Listen(uint callerUid, CancellationToken cancellationToken);

    /// <summary>Names, listeners (bound or why not), counters.</summary>
    DaemonStatus Status();

    /// <summary>This node's key and certificate (public: every caller may read the id); null when the daemon has none yet.</summary>
    Native.NodeIdentity? Identity { get; }

    /// <summary>The trust list (every caller may read it; <see cref="ControlAuthorization.MayChangeTrust"/> says who may change it).</summary>
    Native.TrustStore? TrustList { get; }

    /// <summary>The nodes discovery heard and the static peers (issue #13, item 5); null before the daemon made it.</summary>
    Native.PeerTable? Peers { get; }

    /// <summary>Native sending with the durable outbox (issue #13, items 6–8); null when the native transport is off (<c>native port = 0</c>).</summary>
    Native.INativeDelivery? Delivery { get; }

    /// <summary>Displayed/read receipts for received messages (issue #13, item 6); null before the daemon made it.</summary>
    Native.IReceiptReporter? Receipts { get; }

    /// <summary>Each user's do-not-disturb and quiet hours (issue #14, item 3); null before the daemon made them.</summary>
    Quiet.QuietHours? Quiet { get; }

    /// <summary>Reads of each user's messages, for the display streams that asked for them (issue #14, item 1).</summary>
    ReadEventFeed ReadEvents { get; }

    /// <summary>The uid the daemon runs as now (after any privilege drop): it and root may change the trust list.</summary>
    uint DaemonUid { get; }

    // ── Native sending as the caller (issue #13, item 8; ControlSendEndpoints) ──────────────

    /// <summary>The login name of <paramref name="uid"/> (the SENDER-USER of what it sends); its number as text when the passwd file has none.</summary>
    string UserName(uint uid);

    /// <summary>Messages of <paramref name="uid"/> still waiting in the outbox (<see cref="Core.DaemonLimits.MaxWaitingPerUser"/>).</summary>
    int CountWaiting(uint uid);

    /// <summary>Sent messages, newest first: all (<paramref name="fromUid"/> null) or those <paramref name="fromUid"/> sent.</summary>
    IReadOnlyList<OutgoingMessage> Sent(uint? fromUid, int limit);

    /// <summary>The sent message with this id, whoever sent it (the endpoint checks who may see it); null when none.</summary>
    OutgoingMessage? FindSent(MessageId id);

    /// <summary>The states a sent message reached, in state order.</summary>
    IReadOnlyList<Receipt> SentReceipts(MessageId id);

    /// <summary>The send engine of <c>POST /v1/send/any</c> (issue #14, item 2); null: that endpoint answers 503.</summary>
    Sending.DaemonSendStack? SendStack => null;

    /// <summary>The HTTP API's tokens (issue #15, item 1; <c>/v1/tokens</c>); null: the API is off.</summary>
    Messngr.Daemon.Api.ApiTokens? ApiTokens => null;

    /// <summary>Where <c>POST /v1/alertmanager</c> sends: <c>alertmanager route</c> and <c>alert names</c> (issue #15, item 2).</summary>
    Alertmanager.AlertmanagerRouting AlertmanagerRouting => Alertmanager.AlertmanagerRouting.None;
}
