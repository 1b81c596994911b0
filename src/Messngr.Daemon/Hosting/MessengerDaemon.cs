using Messngr.Daemon.Control;
using Messngr.Daemon.Listeners;
using Messngr.Daemon.Messages;
using Messngr.Daemon.Names;
using Messngr.Daemon.Users;
using Messngr.Daemon.Options;
using Messngr.Daemon.Policy;
using Messngr.Daemon.Privileges;
using Messngr.Daemon.Sinks;
using Messngr.Daemon.Store;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Hosting;

/// <summary>
/// <c>messngr serve</c>: opens the store, starts every enabled listener, commits accepted messages
/// (group commit) and hands them to the sinks and live listeners; on cancellation stops the
/// listeners, drains what was accepted and closes the store. Every loop is an owned task awaited
/// at shutdown (style.md).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification =
    "The sink slots are disposed with every other sink by the MessageDispatcher at the end of RunAsync.")]
internal sealed partial class MessengerDaemon
{
    private readonly ServeOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<IMessageSink> _sinks;
    private readonly LocalSinks _localSinks;
    private readonly DisplayedReceipts _displayed;
    private readonly ReplaceableSink _ttySlot;
    private readonly ReplaceableSink? _hookSlot;
    private readonly System.Threading.Channels.Channel<bool> _reloadRequests = System.Threading.Channels.Channel.CreateBounded<bool>(
        new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });
    private readonly List<IListener> _listeners = [];
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MessengerDaemon(ServeOptions options, ILoggerFactory loggerFactory, IReadOnlyList<IMessageSink> extraSinks)
    {
        _options = options;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("messngr");
        Counters = new ListenerCounters();
        Metrics = new Metrics.DaemonMetrics(Counters);
        Names = LocalNames.FromOptions(options);
        Feed = new MessageFeed(options.Limits);
        Policy = new InboundPolicy(options.Allow, options.Deny, new RateLimiter(options.RateLimitPerSource, options.GlobalRateLimit, maxSources: options.Limits.MaxRateLimitedSources), Counters);
        var accounts = new UserAccounts();
        _accounts = accounts;
        _users = new UtmpReader(accounts, logger: loggerFactory.CreateLogger("messngr.users"));
        var isRoot = Environment.IsPrivilegedProcess;
        _serviceUser = ServiceUser.Resolve(options.User, isRoot, accounts);
        RunningAs = _serviceUser?.Name ?? Environment.UserName;
        if (isRoot && _serviceUser is null && options.User is null)
        {
            PrivilegeLog.StayingRoot(_logger, ServiceUser.DefaultAccount);
        }

        QuietHours = new Quiet.QuietHours(new Quiet.QuietSettingsStore(options.StateDirectory), TimeProvider.System, TimeZoneInfo.Local);
        // The reporter is made later (RunAsync): the sinks read it through the accessor at each report.
        _displayed = new DisplayedReceipts(() => ReceiptReporter, TimeProvider.System, loggerFactory.CreateLogger("messngr.receipts"), options.Limits.DisplayedReceiptQueue);
        // Quiet hours at the terminal (issue #14, item 3): held messages are read back from the store once it is open.
        _localSinks = new LocalSinks(Names, _users, accounts, Counters, loggerFactory, _displayed, new TtyQuiet(QuietHours, () => Store));
        _ttySlot = new ReplaceableSink(TtySink.SinkName, _localSinks.Tty(options));
        // A daemon that drops root runs its hook through a launcher fixed at start: no slot to change then.
        var hook = _localSinks.Hook(options, dropsRoot: _serviceUser is not null);
        _hookSlot = hook is not null || HooksChangeLive ? new ReplaceableSink(ExecHookSink.SinkName, hook) : null;
        _sinks = [.. extraSinks, _ttySlot, .. _hookSlot is null ? Array.Empty<IMessageSink>() : [_hookSlot]];
    }

    /// <summary>
    /// Loads the configuration again (same command line, environment and file) for
    /// <see cref="RequestReload"/>; null: SIGHUP changes nothing.
    /// </summary>
    public Func<ServeOptions>? Reloader { get; init; }

    /// <summary>systemd's notify socket (Type=notify, issue #15, item 5); null when not started by systemd.</summary>
    public Systemd.ServiceManagerNotifier? ServiceManager { get; init; }


    private bool HooksChangeLive => _serviceUser is null;

    /// <summary>At stop, how long the displayed receipts still queued may take to reach the reporter.</summary>
    private static readonly TimeSpan DisplayedReceiptsDrain = TimeSpan.FromSeconds(5);

    /// <summary>SIGHUP: reload the configuration once the daemon runs (requests in a row are coalesced).</summary>
    public void RequestReload() => _reloadRequests.Writer.TryWrite(true);

    /// <summary>The account the daemon runs as once started (see <see cref="ServiceUser"/>).</summary>
    public string RunningAs { get; }

    private readonly ServiceUser? _serviceUser;

    private readonly ILoggedOnUsers _users;
    private readonly UserAccounts _accounts;

    public ListenerCounters Counters { get; }

    /// <summary>The daemon's instruments (issue #15, item 6), served by <c>metrics listen</c>.</summary>
    public Metrics.DaemonMetrics Metrics { get; }

    public LocalNames Names { get; }

    public MessageFeed Feed { get; }

    public InboundPolicy Policy { get; }

    /// <summary>This node's key and certificate; set once <see cref="RunAsync"/> loaded or made them.</summary>
    public Native.NodeIdentity? Identity { get; private set; }

    /// <summary>Which peers this node trusts (the trust list, the workgroup CA, trust on first use); set with <see cref="Identity"/>.</summary>
    public Native.TrustPolicy? Trust { get; private set; }

    /// <summary>The nodes discovery heard and the static peers (issue #13, item 5); set with <see cref="Identity"/>.</summary>
    public Native.PeerTable? Peers { get; private set; }

    /// <summary>Native sending with the durable outbox (issue #13, items 6–8); null while the native transport is off.</summary>
    public Native.INativeDelivery? NativeDelivery { get; private set; }

    /// <summary>Displayed/read receipts of received messages (issue #13, item 6).</summary>
    public Native.IReceiptReporter? ReceiptReporter { get; private set; }

    /// <summary>Each user's do-not-disturb and quiet hours (issue #14, item 3), kept in STATE_DIR/quiet/.</summary>
    public Quiet.QuietHours QuietHours { get; }

    /// <summary>Discovery datagrams accepted and rejected, by reason.</summary>
    public Native.DiscoveryCounters Discovery { get; } = new();

    /// <summary>Set once <see cref="RunAsync"/> opened the store.</summary>
    public IMessageStore? Store { get; private set; }

    public MessagePipeline? Pipeline { get; private set; }

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public IReadOnlyList<ListenerStatus> ListenerStatuses => _listeners.Select(l => l.Status).ToList();

    /// <summary>Completes once every listener has tried to bind (for tests and status).</summary>
    public Task Started => _started.Task;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        DaemonLog.Starting(_logger, _options.NetBiosName, _options.Workgroup, _options.StateDirectory);
        // One daemon per state directory, decided before the database or a name is touched (issue #12, item 2).
        using var stateLock = StateDirectoryLock.Acquire(_options.StateDirectory);
        var storeLogger = _loggerFactory.CreateLogger("messngr.store");
        using var store = new SqliteMessageStore(_options.StateDirectory, _options.Limits, TimeProvider.System, storeLogger, _options.StoreSync);
        Store = store;
        store.ReceiptRecorded = Metrics.Receipt;
        Metrics.AddQueue("outbox", store.WaitingOutgoing);
        if (store.DirectoryTightened)
        {
            StoreLog.DirectoryTightened(storeLogger, _options.StateDirectory);
        }

        // The node's key and trust list (issue #13, items 2 and 4): created or loaded while still
        // root, so the privilege drop below hands them to the service user with the rest.
        using var identity = OpenIdentity();
        Identity = identity;

        // Who may read a message is its name's owner when it is committed (issue #10, item 3).
        var dispatcher = new MessageDispatcher(_sinks, Feed, Counters, _options.Limits, _logger);
        var pipeline = new MessagePipeline(Counters, store, to => MessageOwner.Of(Names.Snapshot(), to), _options.Limits) { CommitDeadline = _options.Limits.SessionCommitDeadline, OnCommitted = dispatcher.Dispatch, Metrics = Metrics };
        Pipeline = pipeline;
        Metrics.AddQueue("pipeline", () => pipeline.Queued);
        Metrics.AddQueues(dispatcher.QueueDepths);
        var writer = Task.Run(pipeline.RunAsync, CancellationToken.None);

        using var stopListeners = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var retention = new MessageRetention(store, _options.MaxMessages, _options.MaxAge, _options.Limits, TimeProvider.System, storeLogger);
        var retentionLoop = Task.Run(() => retention.RunAsync(stopListeners.Token), CancellationToken.None);
        var nameLogger = _loggerFactory.CreateLogger("messngr.names");
        await using var nameService = new NameService(Names, NameServiceSettings.FromOptions(_options) with { AccountUid = _accounts.UidByNetBiosName }, _users, SystemNetworkInterfaces.Instance, TimeProvider.System, nameLogger);
        _listeners.AddRange(ClassicListeners.Create(_options, nameService, pipeline, Counters, Policy, SystemNetworkInterfaces.Instance, _loggerFactory));
        if (Trust is { } trust && Native.NativeEndpoint.Create(_options, identity, trust, pipeline, store, Names, Counters, _loggerFactory) is { } native)
        {
            _listeners.Add(native);
        }

        if (CreateDiscovery(identity) is { } discovery)
        {
            _listeners.Add(discovery);
        }

        foreach (var listener in _listeners)
        {
            listener.Start(stopListeners.Token);
        }

        if (NothingBound() is { } nothingBound)
        {
            // Stop what was started (nothing was accepted), then leave with the reason.
            await stopListeners.CancelAsync().ConfigureAwait(false);
            await retentionLoop.ConfigureAwait(false);
            foreach (var listener in _listeners)
            {
                await listener.DisposeAsync().ConfigureAwait(false);
            }

            pipeline.Complete();
            await writer.ConfigureAwait(false);
            throw nothingBound;
        }

        // Everything that needs root is done: the ports are bound, the store and the hook launcher are open.
        if (_serviceUser is { } user)
        {
            try
            {
                PrivilegeDrop.HandOverStateDirectory(_options.StateDirectory, user);
                PrivilegeDrop.Drop(user);
                PrivilegeDrop.EnsureStateDirectoryReachable(_options.StateDirectory, user);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                throw new PrivilegeDropException($"cannot become user {user.Name}: {ex.Message}", ex);
            }

            PrivilegeLog.Dropped(_logger, user.Name, user.Uid, user.Gid, string.Join(",", user.Groups));
        }

        // Registration goes out from UDP 137; without it names are only held locally.
        var nameListener = _listeners.OfType<NameServiceListener>().FirstOrDefault(l => l.Status.Bound);
        nameService.Start(nameListener);
        await RestoreAliasesAsync(nameService, store, cancellationToken).ConfigureAwait(false);

        // Native sending with store-and-forward (issue #13, items 7 and 8): made before the control
        // server, which hands submits to it; its loop sends what a previous run left queued.
        await using var delivery = CreateDelivery(identity, store);
        NativeDelivery = delivery?.Dispatcher;
        delivery?.Dispatcher.Start();

        // Displayed/read receipts (issue #13, item 6): recorded for every message; with the native
        // transport on, the RECEIPTs owed to sending nodes are sent by the dispatcher's loop.
        var receiptDispatcher = CreateReceiptDispatcher(identity, store);
        ReceiptReporter = new Native.ReceiptReporter(store, _options.Limits, TimeProvider.System, _loggerFactory.CreateLogger("messngr.receipts")) { Dispatcher = receiptDispatcher };
        var receiptLoop = receiptDispatcher is null ? Task.CompletedTask : Task.Run(() => receiptDispatcher.RunAsync(stopListeners.Token), CancellationToken.None);

        var daemonControl = new DaemonControl(nameService, store, Feed, () => Status(nameService)) { Identity = identity, Trust = Trust, Peers = Peers, Delivery = NativeDelivery, Receipts = ReceiptReporter, Quiet = QuietHours, SendStack = Sending.DaemonSendStack.FromOptions(_options, Metrics), ApiTokens = _options.ApiListen is null ? null : new Api.ApiTokens(_options.StateDirectory, _options.Limits), AlertmanagerRouting = new(_options.AlertmanagerRoutes, _options.AlertNames) };
        // The web page (issue #14, item 2): its tokens are handed out over the control socket.
        var webAccess = _options.WebListen is { } webListen ? new Web.WebAccess(webListen, new Web.WebTokens(_options.StateDirectory)) : null;
        var control = new ControlServer(daemonControl, _options.StateDirectory, _loggerFactory, _options.Limits, webAccess);
        try
        {
            await control.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            // Without the control socket the daemon still receives and shows messages.
            DaemonLog.ListenerFailed(_logger, "control socket", ex.Message);
        }

        await using var web = webAccess is null ? null : new Web.WebServer(daemonControl, webAccess, _loggerFactory, _options.Limits);
        try
        {
            await (web?.StartAsync(cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            // A port taken (say by another user's daemon) costs the page, nothing else; 'messngr web' says so.
            DaemonLog.ListenerFailed(_logger, "web page", ex.Message);
        }

        // The HTTP API (issue #15, item 1): a port taken or a certificate unreadable costs the API only.
        await using var api = _options.ApiListen is { } apiListen && daemonControl.ApiTokens is { } apiTokens
            ? new Api.ApiServer(daemonControl, apiListen, apiTokens, () => daemonControl.AlertmanagerRouting.AlertNames, _loggerFactory, _options.Limits)
            : null;
        try
        {
            await (api?.StartAsync(cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            DaemonLog.ListenerFailed(_logger, "HTTP API", ex.Message);
        }

        // Prometheus /metrics and /healthz (issue #15, item 6): a port taken costs the metrics only.
        await using var metricsServer = _options.MetricsListen is { } metricsListen
            ? new Metrics.MetricsServer(metricsListen, Metrics, () => new Metrics.HealthReport(store.Health, ListenerStatuses), _loggerFactory, _options.Limits)
            : null;
        try
        {
            await (metricsServer?.StartAsync(cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            DaemonLog.ListenerFailed(_logger, "metrics", ex.Message);
        }

        var reload = new ConfigurationReload(_options, Policy, nameService, _ttySlot, _localSinks.Tty,
            _hookSlot, HooksChangeLive ? o => _localSinks.Hook(o, dropsRoot: false) : null, _logger)
        {
            AlertRoutingChanged = routing => daemonControl.AlertmanagerRouting = routing, // the API and the Alertmanager receiver read it per request
        };
        _started.TrySetResult();
        using var stopWatchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watchdog = await NotifyReadyAsync(nameService, writer, stopWatchdog.Token).ConfigureAwait(false);
        try
        {
            // Until shutdown: each SIGHUP reloads the configuration (issue #12, item 4).
            await foreach (var _ in _reloadRequests.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (Reloader is { } load)
                {
                    ServiceManager?.Reloading();
                    try
                    {
                        await reload.ApplyAsync(load, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException)
                    {
                        // A reload that fails half-way must not stop a running daemon.
                        ReloadLog.Invalid(_logger, ex.Message);
                    }

                    ServiceManager?.Ready(ReadyStatus());
                }
            }
        }
        catch (OperationCanceledException)
        {
            // shutdown requested
        }

        // The watchdog is not fed while stopping: STOPPING=1 is the last word.
        await stopWatchdog.CancelAsync().ConfigureAwait(false);
        await watchdog.ConfigureAwait(false);
        ServiceManager?.Stopping();

        await (api?.StopAsync(CancellationToken.None) ?? Task.CompletedTask).ConfigureAwait(false);
        await (metricsServer?.StopAsync(CancellationToken.None) ?? Task.CompletedTask).ConfigureAwait(false);
        await (web?.StopAsync(CancellationToken.None) ?? Task.CompletedTask).ConfigureAwait(false);
        await control.DisposeAsync().ConfigureAwait(false);
        if (delivery is not null)
        {
            await delivery.DisposeAsync().ConfigureAwait(false); // GOODBYE shutting-down on kept connections
        }

        // Names are released (RFC 1002 §5.1.1.4) while the UDP 137 socket is still open.
        await nameService.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await stopListeners.CancelAsync().ConfigureAwait(false);
        await retentionLoop.ConfigureAwait(false);
        await receiptLoop.ConfigureAwait(false);
        if (receiptDispatcher is not null)
        {
            await receiptDispatcher.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var listener in _listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        // Everything accepted before the listeners stopped is committed and shown before exit.
        pipeline.Complete();
        await writer.ConfigureAwait(false);
        Feed.Complete();
        await dispatcher.StopAsync().ConfigureAwait(false);
        // What the terminals showed last is reported too, unless the reporter is stuck (it never holds up the exit).
        await _displayed.CompleteAsync().WaitAsync(DisplayedReceiptsDrain, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        DaemonLog.Stopped(_logger);
    }

    /// <summary>
    /// Under systemd (Type=notify): <c>READY=1</c> once every listener tried to bind and the names'
    /// registrations ended (at most <see cref="DaemonLimits.ReadyRegistrationWait"/>), then the
    /// watchdog loop, fed while the commit loop (<paramref name="writer"/>) runs. Returns that loop.
    /// </summary>
    private async Task<Task> NotifyReadyAsync(NameService nameService, Task writer, CancellationToken cancellationToken)
    {
        if (ServiceManager is not { } notifier)
        {
            return Task.CompletedTask;
        }

        await nameService.InitialRegistrations.WaitAsync(_options.Limits.ReadyRegistrationWait, cancellationToken)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        notifier.Ready(ReadyStatus());
        return Task.Run(() => notifier.RunWatchdogAsync(() => !writer.IsCompleted, cancellationToken), CancellationToken.None);
    }

    /// <summary>The short <c>STATUS=</c> systemctl status shows while serving.</summary>
    private string ReadyStatus()
    {
        var statuses = ListenerStatuses;
        return $"serving {_options.NetBiosName} in {_options.Workgroup}: {statuses.Count(s => s.Bound)} of {statuses.Count} listeners bound";
    }

    /// <summary>
    /// A daemon that could bind not one of its listeners serves nobody: it stops with the reason
    /// (issue #12, item 1) — in use (73) when another process holds any of the ports, permission
    /// (77) when every bind lacked the privilege, configuration (78) otherwise.
    /// </summary>
    private DaemonStartException? NothingBound()
    {
        if (_listeners.Count == 0 || _listeners.Any(l => l.Status.Bound))
        {
            return null;
        }

        var states = _listeners.Select(l => l.Status.State).ToList();
        var failure = states.Contains(ListenerState.InUse) ? StartFailure.InUse
            : states.Contains(ListenerState.PermissionDenied) ? StartFailure.Permission
            : StartFailure.Configuration;
        var reasons = string.Join("; ", _listeners.Select(l => $"{l.Status.Name}: {l.Status.Error}"));
        return new DaemonStartException($"not one listener could be bound ({reasons})", failure);
    }

    /// <summary>Aliases added with <c>messngr name NAME /add</c> before a restart are registered again.</summary>
    private static async Task RestoreAliasesAsync(NameService names, SqliteMessageStore store, CancellationToken cancellationToken)
    {
        var restoring = store.LoadAliases().Select(a => names.AddAsync(a.Name, NameKind.Alias, a.OwnerUid, cancellationToken));
        await Task.WhenAll(restoring).ConfigureAwait(false);
    }

    private DaemonStatus Status(NameService names) => new(
        _options.NetBiosName,
        _options.Workgroup,
        StartedAt,
        names.Snapshot(),
        ListenerStatuses,
        Counters.Snapshot().Concat(Discovery.Snapshot()).ToDictionary(StringComparer.Ordinal))
    {
        RunningAs = RunningAs,
        Store = Store?.Health ?? StoreHealth.Healthy,
        StateDirectory = _options.StateDirectory,
        NodeId = Identity?.Id.ToString(),
    };
}
