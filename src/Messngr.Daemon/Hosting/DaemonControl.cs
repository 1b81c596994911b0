using System.Runtime.CompilerServices;
using Messngr.Daemon.Control;
using Messngr.Daemon.Messages;
using Messngr.Daemon.Names;
using Messngr.Daemon.Store;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Hosting;

/// <summary>
/// The running daemon as the control API sees it: names through the <see cref="NameService"/>,
/// history from the store, live messages from the feed, status from listeners and counters.
/// Every read is filtered with <see cref="ControlAuthorization"/> (the server filters again).
/// </summary>
internal sealed class DaemonControl : IDaemonControl
{
    private readonly NameService _names;
    private readonly IMessageStore _store;
    private readonly MessageFeed _feed;
    private readonly Func<DaemonStatus> _status;
    private readonly Users.UserAccounts _accounts = new(useSystemLookup: false);

    public DaemonControl(NameService names, IMessageStore store, MessageFeed feed, Func<DaemonStatus> status)
    {
        _names = names;
        _store = store;
        _feed = feed;
        _status = status;
    }

    public IReadOnlyList<NameInfo> ListNames() => _names.Snapshot();

    public async Task<NameChangeResult> AddNameAsync(string name, uint callerUid, CancellationToken cancellationToken)
    {
        var result = await _names.AddAsync(name, NameKind.Alias, callerUid, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == NameChangeOutcome.Ok)
        {
            // Aliases are kept across restarts (the table holds the canonical, upper-cased spelling).
            var added = _names.Snapshot().FirstOrDefault(n => n.Kind == NameKind.Alias && string.Equals(n.Name.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase));
            _store.SaveAlias(new AliasRecord(added?.Name ?? name.ToUpperInvariant(), callerUid, DateTimeOffset.UtcNow));
        }

        return result;
    }

    public async Task<NameChangeResult> DeleteNameAsync(string name, uint callerUid, CancellationToken cancellationToken)
    {
        var result = await _names.DeleteAsync(name, callerUid, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == NameChangeOutcome.Ok)
        {
            _store.DeleteAlias(name.Trim().ToUpperInvariant());
        }

        return result;
    }

    public IReadOnlyList<StoredMessage> History(uint callerUid, int limit, bool includeSuperseded = false) =>
        _store.History(limit, callerUid == ControlAuthorization.RootUid ? null : callerUid, includeSuperseded);

    public IAsyncEnumerable<StoredMessage> Listen(uint callerUid, CancellationToken cancellationToken)
    {
        // Subscribe now, not at the first MoveNext, so nothing committed after the call is missed.
        return Filter(_feed.Subscribe(cancellationToken), callerUid, cancellationToken);
    }

    public DaemonStatus Status() => _status();

    public Native.NodeIdentity? Identity { get; init; }

    public Native.TrustPolicy? Trust { get; init; }

    public Native.TrustStore? TrustList => Trust?.Store;

    public Native.PeerTable? Peers { get; init; }

    public Native.INativeDelivery? Delivery { get; init; }

    public Native.IReceiptReporter? Receipts { get; init; }

    public Quiet.QuietHours? Quiet { get; init; }

    /// <summary>The send engine of <c>POST /v1/send/any</c> (issue #14, item 2).</summary>
    public Sending.DaemonSendStack? SendStack { get; init; }

    /// <summary>The HTTP API's tokens (issue #15, item 1); null when <c>api listen = off</c>.</summary>
    public Api.ApiTokens? ApiTokens { get; init; }

    /// <summary>
    /// Where <c>POST /v1/alertmanager</c> sends (issue #15, item 2), and the <c>alert names</c> the
    /// HTTP API's publish without recipients takes (item 3): replaced whole on SIGHUP
    /// (<see cref="ConfigurationReload.AlertRoutingChanged"/>), so a request sees the old or the new, never a mix.
    /// </summary>
    public Alertmanager.AlertmanagerRouting AlertmanagerRouting
    {
        get => Volatile.Read(ref _alertmanagerRouting);
        set => Volatile.Write(ref _alertmanagerRouting, value ?? throw new ArgumentNullException(nameof(value)));
    }

    private Alertmanager.AlertmanagerRouting _alertmanagerRouting = Alertmanager.AlertmanagerRouting.None;

    public ReadEventFeed ReadEvents { get; } = new();

    public uint DaemonUid => Privileges.PrivilegeNative.EffectiveUid;

    public string UserName(uint uid) => _accounts.NameByUid(uid) ?? uid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public int CountWaiting(uint uid) => _store.CountWaiting(uid);

    public IReadOnlyList<OutgoingMessage> Sent(uint? fromUid, int limit) => _store.SentMessages(fromUid, limit);

    public OutgoingMessage? FindSent(MessageId id) => _store.FindOutgoing(id);

    public IReadOnlyList<Receipt> SentReceipts(MessageId id) => _store.ReceiptsFor(id);

    private static async IAsyncEnumerable<StoredMessage> Filter(IAsyncEnumerable<StoredMessage> messages, uint callerUid, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var stored in messages.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (ControlAuthorization.MayReadMessage(stored.Message, callerUid))
            {
                yield return stored;
            }
        }
    }
}
