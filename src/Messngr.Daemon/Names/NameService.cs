using System.Net;
using System.Net.NetworkInformation;
using Messngr.Daemon.Listeners;
using Messngr.Daemon.Users;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Names;

/// <summary>
/// The NetBIOS name service of <c>messngr serve</c> (protocols.md §2): registers the table's
/// names at start (B-node broadcast, P-node with a WINS server), defends them, answers queries and
/// node status, adds and deletes messenger names (<c>net name</c>, [MS-MSRP] 3.1.4), follows the
/// logged-on users ([MS-MSRP] 3.1.3) and releases everything at shutdown. Packets arrive through
/// <see cref="Handle"/> from the UDP 137 listener, which also sends for it (<see cref="INbnsSender"/>).
/// </summary>
internal sealed class NameService : IAsyncDisposable
{
    /// <summary>How long the interface list is reused before it is read again.</summary>
    private static readonly TimeSpan InterfaceCacheTime = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Lock _interfaceGate = new();
    private readonly NameServiceSettings _settings;
    private readonly ILoggedOnUsers? _users;
    private readonly INetworkInterfaces _interfaces;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly NameRegistrar _registrar;
    private readonly NameResponder _responder;
    private readonly Dictionary<NetBiosName, string> _logonClaims = [];
    private readonly HashSet<NetBiosName> _suppressed = [];
    private readonly HashSet<string> _unusableUsers = [];
    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyList<NbnsInterface>? _interfaceCache;
    private DateTimeOffset _interfaceCacheAt;
    private Task _userLoop = Task.CompletedTask;
    private bool _started;
    private bool _stopping;

    /// <param name="names">The table to register and answer for.</param>
    /// <param name="settings">Addresses, WINS server and timers.</param>
    /// <param name="users">Logged-on users whose names are registered; null for none.</param>
    /// <param name="interfaces">IPv4 interfaces (broadcast addresses, MACs).</param>
    /// <param name="time">Clock of every timer (a fake one in tests).</param>
    /// <param name="logger">Log of events 100–149.</param>
    public NameService(
        LocalNames names, NameServiceSettings settings, ILoggedOnUsers? users, INetworkInterfaces interfaces, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(settings);
        Names = names;
        _settings = settings;
        _users = users;
        _interfaces = interfaces;
        _time = time;
        _logger = logger;
        _registrar = new NameRegistrar(names, settings, Targets, time, logger);
        _responder = new NameResponder(names, settings.BindAddress, _registrar.NodeType, MacOf) { ListUsers = settings.NodeStatusUsers };
    }

    public LocalNames Names { get; }

    /// <summary>B-node, or P-node when a WINS server is configured.</summary>
    public NbnsNodeType NodeType => _registrar.NodeType;

    /// <summary>A service that only answers from <paramref name="names"/> until started (a listener without a daemon).</summary>
    public static NameService AnswerOnly(LocalNames names, IPAddress bindAddress, ILogger logger) =>
        new(names, new NameServiceSettings { BindAddress = bindAddress }, null, SystemNetworkInterfaces.Instance, TimeProvider.System, logger);

    /// <summary>
    /// Registers every name of the table through <paramref name="sender"/> and starts following
    /// the logged-on users. With a null sender (UDP 137 could not be bound, or the name service is
    /// disabled) names are held locally only and nothing is sent.
    /// </summary>
    public void Start(INbnsSender? sender)
    {
        lock (_gate)
        {
            if (_started)
            {
                throw new InvalidOperationException("the name service is already started");
            }

            _started = true;
            if (sender is null)
            {
                NameLog.LocalOnly(_logger);
            }
            else
            {
                _registrar.Attach(sender);
                NameLog.Started(_logger, NodeType == NbnsNodeType.PNode ? $"P-node (WINS {_settings.WinsServer})" : "B-node");
                InitialRegistrations = Task.WhenAll(Names.All.Select(entry => _registrar.Register(entry.Name)));
            }

            if (_users is not null)
            {
                SyncUsers();
                _userLoop = SyncLoopAsync(_stop.Token);
            }
        }
    }

    /// <summary>
    /// Completes when the registration of every name in the table at <see cref="Start"/> has ended
    /// (registered, in conflict or refused); at once for a name service that only holds names locally.
    /// </summary>
    public Task InitialRegistrations { get; private set; } = Task.CompletedTask;

    /// <summary>
    /// Handles one datagram from UDP 137: our own echoes are dropped, responses go to the state
    /// machine, requests are answered from the table. True when it concerned us;
    /// <paramref name="reply"/> is then what to send back to <paramref name="from"/>, if anything.
    /// </summary>
    public bool Handle(NbnsPacket packet, IPEndPoint from, out NbnsPacket? reply)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(from);
        reply = null;
        if (_registrar.IsOwnEcho(packet, from.Address))
        {
            return false;
        }

        if (packet.Flags.IsResponse)
        {
            return _registrar.HandleResponse(packet, from);
        }

        reply = _responder.Answer(packet, from.Address);
        if (reply is not null && packet.Flags.Opcode == NbnsOpcode.Registration)
        {
            NameLog.Defended(_logger, packet.Question!.Name.ToString(), from);
        }

        return reply is not null;
    }

    /// <summary>The table as <c>messngr name</c> shows it.</summary>
    public IReadOnlyList<NameInfo> Snapshot() => Names.Snapshot();

    /// <summary>
    /// <c>net name NAME /add</c> ([MS-MSRP] 3.1.4.10): registers NAME&lt;03&gt; and completes when it
    /// is Registered (<see cref="NameChangeOutcome.Ok"/>) or in conflict. A name in conflict may be
    /// added again by its owner or root, which retries the registration.
    /// </summary>
    public async Task<NameChangeResult> AddAsync(string name, NameKind kind, uint? ownerUid, CancellationToken cancellationToken)
    {
        if (kind is not (NameKind.Alias or NameKind.User))
        {
            return new NameChangeResult(NameChangeOutcome.Invalid, $"only alias and user names can be added, not {kind}");
        }

        Task<NameChangeResult> registration;
        lock (_gate)
        {
            if (_stopping)
            {
                return new NameChangeResult(NameChangeOutcome.Invalid, "the daemon is shutting down");
            }

            if (!NameValidator.TryCreate(name, Names, out var netBiosName, out var error))
            {
                return error!;
            }

            if (kind == NameKind.Alias && ownerUid is { } claimant and not 0 && RefuseClaim(netBiosName!, claimant) is { } refused)
            {
                return refused;
            }

            switch (Names.FindAny(netBiosName!))
            {
                case { State: NameState.Conflict } conflicted when ownerUid is null or 0 || conflicted.OwnerUid == ownerUid:
                    break; // add again = try again
                case { } existing:
                    return new NameChangeResult(NameChangeOutcome.AlreadyExists, $"{netBiosName} is already in the name table ({existing.State})");
                default:
                    if (!Names.TryAdd(new LocalName(netBiosName!, false, kind, NameState.Registering, ownerUid)))
                    {
                        return new NameChangeResult(NameChangeOutcome.Invalid, $"the name table is full (at most {LocalNames.MaxNames} names)");
                    }

                    break;
            }

            NameLog.Added(_logger, netBiosName!.ToString(), ownerUid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none");
            registration = _registrar.Register(netBiosName!);
        }

        return await registration.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What a non-root user may not add as an alias (issue #10, item 3), so that nobody can take
    /// another user's messages: the computer name (the workgroup is refused by
    /// <see cref="NameValidator"/>), the login name of another local account — whether or not that
    /// user is logged on now — and more than <see cref="NameServiceSettings.MaxAliasesPerUser"/>
    /// aliases. A name another user holds is refused by the caller as already in the table.
    /// Checked under the table's lock; null when the claim may go ahead.
    /// </summary>
    private NameChangeResult? RefuseClaim(NetBiosName name, uint claimant)
    {
        var shown = name.GetName(Names.Oem).Trim();
        if (Names.FindAny(name) is { Kind: NameKind.Computer })
        {
            return new NameChangeResult(NameChangeOutcome.Forbidden, $"{shown} is the computer name; only root may use it");
        }

        if (_settings.AccountUid?.Invoke(shown) is { } account && account != claimant)
        {
            return new NameChangeResult(NameChangeOutcome.Forbidden, $"{shown} is the login name of another account (uid {account}); only that user or root may add it");
        }

        var held = Names.All.Count(e => e.Kind == NameKind.Alias && e.OwnerUid == claimant && e.Name != name);
        return held >= _settings.MaxAliasesPerUser
            ? new NameChangeResult(NameChangeOutcome.Forbidden, $"uid {claimant} already holds {held} aliases, the most 'max aliases' allows; delete one first")
            : null;
    }

    /// <summary>
    /// <c>net name NAME /delete</c> ([MS-MSRP] 3.1.4.12): only the owner or root; the computer name
    /// cannot be deleted. Releases the name and completes once it left the table.
    /// </summary>
    public async Task<NameChangeResult> DeleteAsync(string name, uint callerUid, CancellationToken cancellationToken)
    {
        Task<NameChangeResult> release;
        lock (_gate)
        {
            if (!NameValidator.TryCreate(name, Names, out var netBiosName, out var error))
            {
                return error!.Outcome == NameChangeOutcome.Invalid ? new NameChangeResult(NameChangeOutcome.NotFound, error.Message) : error;
            }

            var entry = Names.FindAny(netBiosName!);
            if (entry is null || entry.State == NameState.Releasing)
            {
                return new NameChangeResult(NameChangeOutcome.NotFound, $"{netBiosName} is not in the name table");
            }

            if (entry.Kind == NameKind.Computer)
            {
                return new NameChangeResult(NameChangeOutcome.Forbidden, $"{netBiosName} is the computer name and cannot be deleted");
            }

            if (callerUid != 0 && entry.OwnerUid != callerUid)
            {
                return new NameChangeResult(NameChangeOutcome.Forbidden, $"{netBiosName} belongs to {(entry.OwnerUid is { } owner ? $"uid {owner}" : "the configuration")}; only its owner or root may delete it");
            }

            if (_logonClaims.ContainsKey(netBiosName!))
            {
                _suppressed.Add(netBiosName!); // not re-added while that user stays logged on
            }

            NameLog.Deleted(_logger, netBiosName!.ToString(), callerUid);
            release = _registrar.Release(netBiosName!, remove: true);
        }

        return await release.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds USER&lt;03&gt; for each user who logged on and releases the names of users who logged off
    /// ([MS-MSRP] 3.1.3, [MS-NBTE] note &lt;3&gt;). A user name equal to a name already in the table
    /// is shared with it: it is neither an error nor removed at logoff.
    /// </summary>
    internal void SyncUsers()
    {
        IReadOnlyList<LoggedOnUser> users;
        try
        {
            users = _users?.Current() ?? [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            NameLog.UserSyncFailed(_logger, ex);
            return;
        }

        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            var current = new Dictionary<NetBiosName, (string Name, uint Uid)>();
            foreach (var user in users)
            {
                if (UserName(user.Name) is { } netBiosName)
                {
                    current.TryAdd(netBiosName, (user.Name, user.Uid));
                }
            }

            foreach (var (netBiosName, userName) in _logonClaims.Where(c => !current.ContainsKey(c.Key)).ToList())
            {
                _logonClaims.Remove(netBiosName);
                _suppressed.Remove(netBiosName);
                if (Names.FindAny(netBiosName) is { Kind: NameKind.User })
                {
                    NameLog.UserLoggedOff(_logger, userName);
                    _ = _registrar.Release(netBiosName, remove: true);
                }
            }

            foreach (var (netBiosName, user) in current)
            {
                if (!_logonClaims.TryAdd(netBiosName, user.Name) || _suppressed.Contains(netBiosName))
                {
                    continue;
                }

                if (Names.TryAdd(new LocalName(netBiosName, false, NameKind.User, NameState.Registering, user.Uid)))
                {
                    NameLog.UserLoggedOn(_logger, user.Name);
                    _ = _registrar.Register(netBiosName);
                }
            }
        }
    }

    /// <summary>
    /// Shutdown: stops the user loop, releases every name we hold (B-node: three broadcasts; P-node:
    /// to WINS) and waits for the releases, at most until <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _userLoop.ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_registrar.ReleaseAll()).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // shutdown deadline: the remaining releases are abandoned
        }

        _registrar.Dispose();
        _stop.Dispose();
    }

    /// <summary>Same as <see cref="StopAsync"/> without a deadline.</summary>
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private async Task SyncLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_settings.UserSyncInterval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            SyncUsers();
        }
    }

    /// <summary>USER&lt;03&gt;: upper-cased OEM, truncated to 15 bytes ([MS-MSRP] 3.1.4.6); null when it cannot be one.</summary>
    private NetBiosName? UserName(string user)
    {
        try
        {
            return Names.Create(user, NetBiosName.SuffixMessenger);
        }
        catch (ArgumentException ex)
        {
            if (_unusableUsers.Add(user))
            {
                NameLog.UserNameUnusable(_logger, Display.TerminalText.Sanitize(user), ex.Message);
            }

            return null;
        }
    }

    private IReadOnlyList<NbnsInterface> Interfaces()
    {
        lock (_interfaceGate)
        {
            var now = _time.GetUtcNow();
            if (_interfaceCache is null || now - _interfaceCacheAt > InterfaceCacheTime)
            {
                _interfaceCache = _interfaces.Current();
                _interfaceCacheAt = now;
            }

            return _interfaceCache;
        }
    }

    /// <summary>
    /// Broadcast destinations: the configured override, else every up, non-loopback interface with
    /// a broadcast address when bound to 0.0.0.0, or the bound interface's own broadcast.
    /// </summary>
    private IReadOnlyList<BroadcastTarget> Targets()
    {
        if (_settings.BroadcastTargets is { } targets)
        {
            return targets;
        }

        var any = _settings.BindAddress.Equals(IPAddress.Any);
        return [.. Interfaces()
            .Where(i => i.Broadcast is not null && (any ? !i.IsLoopback : i.Address.Equals(_settings.BindAddress)))
            .Select(i => new BroadcastTarget(i.Address, new IPEndPoint(i.Broadcast!, _settings.Port)))];
    }

    private PhysicalAddress? MacOf(IPAddress address) => Interfaces().FirstOrDefault(i => i.Address.Equals(address))?.Mac;
}
