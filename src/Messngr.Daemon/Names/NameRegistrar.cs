using System.Net;
using Messngr.Daemon.Listeners;
using Messngr.Wire.NetBios;
using Messngr.Wire.NetBios.NameService;
using Microsoft.Extensions.Logging;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Names;

/// <summary>
/// The registration state machine of our names (protocols.md §2.5–2.10), driven by timers of an
/// injected <see cref="TimeProvider"/>. B-node: broadcast NAME REGISTRATION REQUEST (0x2910, TTL
/// 0) <c>BCAST_REQ_RETRY_COUNT</c> times, <c>BCAST_REQ_RETRY_TIMEOUT</c> apart; a negative
/// response with our TRN_ID puts the name in conflict, silence claims it and a NAME OVERWRITE
/// DEMAND (0x2810) announces it (RFC 1002 §5.1.1.1). P-node: unicast 0x2900 to the WINS server,
/// WACK waits, the granted TTL schedules NAME REFRESH (0x4000) (RFC 1002 §5.1.2). Release: 0x3010
/// broadcast or 0x3000 to WINS (§2.8). All state is guarded by one lock; timer callbacks take it.
/// </summary>
internal sealed class NameRegistrar : IDisposable
{
    /// <summary>How many of our recent TRN_IDs are remembered to recognise our own broadcast echoes.</summary>
    private const int RecentIdCapacity = 256;

    private readonly Lock _gate = new();
    private readonly Dictionary<ushort, NameTransaction> _pending = [];
    private readonly Queue<ushort> _recentOrder = new();
    private readonly HashSet<ushort> _recentIds = [];
    private readonly LocalNames _names;
    private readonly NameServiceSettings _settings;
    private readonly Func<IReadOnlyList<BroadcastTarget>> _targets;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private INbnsSender? _sender;
    private ushort _nextId;
    private bool _disposed;

    public NameRegistrar(LocalNames names, NameServiceSettings settings, Func<IReadOnlyList<BroadcastTarget>> targets, TimeProvider time, ILogger logger)
    {
        _names = names;
        _settings = settings;
        _targets = targets;
        _time = time;
        _logger = logger;
        _nextId = settings.FirstTransactionId ?? (ushort)Random.Shared.Next(1, ushort.MaxValue);
    }

    /// <summary>B-node, or P-node when a WINS server is configured.</summary>
    public NbnsNodeType NodeType => _settings.WinsServer is null ? NbnsNodeType.BNode : NbnsNodeType.PNode;

    /// <summary>True once packets can be sent; before that names are only held locally.</summary>
    public bool IsOnline
    {
        get
        {
            lock (_gate)
            {
                return _sender is not null && !_disposed;
            }
        }
    }

    public void Attach(INbnsSender sender)
    {
        lock (_gate)
        {
            _sender = sender;
        }
    }

    /// <summary>
    /// Registers the table entry for <paramref name="name"/>; completes with <see cref="NameChangeOutcome.Ok"/>
    /// when it is Registered, <see cref="NameChangeOutcome.Conflict"/> when another node owns it.
    /// Offline (no sender) the name is held locally at once.
    /// </summary>
    public Task<NameChangeResult> Register(NetBiosName name)
    {
        lock (_gate)
        {
            if (_names.FindAny(name) is not { } entry)
            {
                return Task.FromResult(new NameChangeResult(NameChangeOutcome.NotFound, $"{name} is not in the name table"));
            }

            CancelFor(name, "registration restarted");
            if (_sender is null || _disposed)
            {
                _names.Update(name, e => e with { State = NameState.Registered, Detail = null });
                return Task.FromResult(new NameChangeResult(NameChangeOutcome.Ok, $"{name} is held locally"));
            }

            _names.Update(name, e => e with { State = NameState.Registering, Detail = null });
            var wins = _settings.WinsServer is not null;
            var tx = new NameTransaction(wins ? TransactionKind.WinsRegistration : TransactionKind.BroadcastRegistration, name, entry.IsGroup);
            NameLog.Registering(_logger, name.ToString(), wins ? $"WINS {_settings.WinsServer}" : "broadcast");
            Begin(tx);
            return tx.Completion.Task;
        }
    }

    /// <summary>
    /// Releases <paramref name="name"/> if we hold it (B-node broadcast, P-node unicast to WINS);
    /// with <paramref name="remove"/> the entry leaves the table afterwards (right away when there
    /// is nothing to release).
    /// </summary>
    public Task<NameChangeResult> Release(NetBiosName name, bool remove)
    {
        lock (_gate)
        {
            if (_names.FindAny(name) is not { } entry)
            {
                return Task.FromResult(new NameChangeResult(NameChangeOutcome.NotFound, $"{name} is not in the name table"));
            }

            var held = entry.State == NameState.Registered || (entry.State == NameState.Registering && _settings.WinsServer is not null);
            CancelFor(name, "released");
            var done = new NameChangeResult(NameChangeOutcome.Ok, $"{name} released");
            if (!held || _sender is null || _disposed)
            {
                if (remove)
                {
                    _names.Remove(name);
                }

                return Task.FromResult(done);
            }

            _names.Update(name, e => e with { State = NameState.Releasing });
            var kind = _settings.WinsServer is null ? TransactionKind.BroadcastRelease : TransactionKind.WinsRelease;
            var tx = new NameTransaction(kind, name, entry.IsGroup) { RemoveWhenDone = remove };
            Begin(tx);
            return tx.Completion.Task;
        }
    }

    /// <summary>True for our own broadcast coming back: a request from one of our addresses with a TRN_ID we sent.</summary>
    public bool IsOwnEcho(NbnsPacket packet, IPAddress from)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (packet.Flags.IsResponse)
        {
            return false;
        }

        lock (_gate)
        {
            if (!_recentIds.Contains(packet.TransactionId))
            {
                return false;
            }
        }

        return from.Equals(_settings.BindAddress) || IPAddress.IsLoopback(from) || _targets().Any(t => t.Local.Equals(from));
    }

    /// <summary>
    /// Handles a response: ours by TRN_ID (registration, refresh, release, WACK) or a NAME CONFLICT
    /// DEMAND for one of our names. False when it concerned none of ours.
    /// </summary>
    public bool HandleResponse(NbnsPacket packet, IPEndPoint from)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(from);
        if (!packet.Flags.IsResponse || packet.Answer?.NetBiosName is not { } name)
        {
            return false;
        }

        lock (_gate)
        {
            if (_pending.TryGetValue(packet.TransactionId, out var tx) && !tx.Deferred && tx.Name == name)
            {
                return tx.Kind switch
                {
                    TransactionKind.BroadcastRegistration => OnBroadcastRegistrationResponse(tx, packet, from),
                    TransactionKind.BroadcastRelease => true,
                    _ => OnWinsResponse(tx, packet, from),
                };
            }

            // RFC 1002 4.2.8 NAME CONFLICT DEMAND: unsolicited, CFT_ERR. Anyone on the subnet can
            // send one, spoofed, even broadcast: nmbd drops it (no response record matches) and so do
            // we unless 'name release on demand' (Windows' NoNameReleaseOnDemand = 0) is on, and
            // never for a group name, which many hosts share by design.
            if (packet.Flags.Opcode == NbnsOpcode.Registration && packet.Flags.Rcode == NbnsRcode.CFT_ERR
                && _names.FindAny(name) is { State: NameState.Registered or NameState.Registering } entry)
            {
                if (!_settings.NameReleaseOnDemand || entry.IsGroup)
                {
                    NameLog.DemandIgnored(_logger, name.ToString(), from);
                    return false;
                }

                EnterConflict(name, $"conflict demand from {from.Address}");
                return true;
            }

            return false;
        }
    }

    /// <summary>Releases every name we hold (shutdown); the tasks complete when the releases are done.</summary>
    public IReadOnlyList<Task<NameChangeResult>> ReleaseAll()
    {
        lock (_gate)
        {
            return [.. _names.All.Where(n => n.State is NameState.Registered or NameState.Registering).Select(n => Release(n.Name, remove: false))];
        }
    }

    /// <summary>Stops every timer; outstanding waiters learn that the service stopped.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var tx in _pending.Values.ToList())
            {
                Complete(tx, new NameChangeResult(NameChangeOutcome.Invalid, "the name service stopped"));
            }
        }
    }

    private bool OnBroadcastRegistrationResponse(NameTransaction tx, NbnsPacket packet, IPEndPoint from)
    {
        // Positive and challenge responses cannot come from B-nodes and are ignored (RFC 1002 §5.1.1.1).
        if (packet.Flags.Opcode == NbnsOpcode.Registration && packet.Flags.Rcode != NbnsRcode.OK)
        {
            EnterConflict(tx.Name, $"owned by {from.Address}");
        }

        return true;
    }

    private bool OnWinsResponse(NameTransaction tx, NbnsPacket packet, IPEndPoint from)
    {
        var wins = _settings.WinsServer!;
        if (!from.Address.Equals(wins.Address))
        {
            return false; // only the server we asked may answer (a cheap guard against spoofed answers)
        }

        var answer = packet.Answer!;
        if (packet.Flags.Opcode == NbnsOpcode.Wack)
        {
            // RFC 1002 §5.1.2.1: a WACK restarts the wait with its TTL, without spending a retry.
            var wait = TimeSpan.FromSeconds(answer.Ttl);
            NameLog.Wack(_logger, wins, answer.Ttl, tx.Name.ToString());
            tx.Timer?.Change(wait > _settings.MaximumWack ? _settings.MaximumWack : wait, Timeout.InfiniteTimeSpan);
            return true;
        }

        if (tx.Kind == TransactionKind.WinsRelease)
        {
            Complete(tx, new NameChangeResult(NameChangeOutcome.Ok, $"{tx.Name} released"));
            Finish(tx.Name, tx.RemoveWhenDone);
            return true;
        }

        if (packet.Flags.Rcode != NbnsRcode.OK)
        {
            EnterConflict(tx.Name, $"refused by WINS {wins.Address} ({packet.Flags.Rcode})");
            return true;
        }

        Complete(tx, new NameChangeResult(NameChangeOutcome.Ok, $"{tx.Name} registered with WINS {wins.Address}"));
        if (_names.Update(tx.Name, e => e with { State = NameState.Registered, Detail = null }) is not null && tx.Kind == TransactionKind.WinsRegistration)
        {
            NameLog.Registered(_logger, tx.Name.ToString(), $" with WINS {wins.Address}, TTL {answer.Ttl} s");
        }

        ScheduleRefresh(tx, answer.Ttl);
        return true;
    }

    /// <summary>
    /// The next refresh after a positive answer: half the granted TTL, at least [MS-NBTE] 3.1.4.1's
    /// 5 minutes; TTL 0 is infinite (RFC 1002 §6 INFINITE_TTL) and needs none.
    /// </summary>
    private void ScheduleRefresh(NameTransaction previous, uint ttl)
    {
        if (ttl == 0)
        {
            return;
        }

        var half = TimeSpan.FromSeconds(ttl / 2.0);
        Defer(new NameTransaction(TransactionKind.WinsRefresh, previous.Name, previous.IsGroup), half < _settings.MinimumRefresh ? _settings.MinimumRefresh : half);
    }

    private void Defer(NameTransaction tx, TimeSpan due)
    {
        tx.Deferred = true;
        tx.Id = NextId();
        _pending[tx.Id] = tx;
        tx.Timer = _time.CreateTimer(_ => OnTimer(tx), null, due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Sends the first transmission under a fresh TRN_ID and arms the retry timer.</summary>
    private void Begin(NameTransaction tx)
    {
        if (tx.Deferred)
        {
            _pending.Remove(tx.Id);
            tx.Deferred = false;
        }

        tx.Id = NextId();
        _pending[tx.Id] = tx;
        var unicast = tx.Kind is TransactionKind.WinsRegistration or TransactionKind.WinsRefresh or TransactionKind.WinsRelease;
        tx.SendsLeft = unicast ? _settings.UnicastRetryCount : _settings.BroadcastRetryCount;
        Transmit(tx);
        var timeout = unicast ? _settings.UnicastRetryTimeout : _settings.BroadcastRetryTimeout;
        if (tx.Timer is null)
        {
            tx.Timer = _time.CreateTimer(_ => OnTimer(tx), null, timeout, Timeout.InfiniteTimeSpan);
        }
        else
        {
            tx.Timer.Change(timeout, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnTimer(NameTransaction tx)
    {
        lock (_gate)
        {
            if (_disposed || !_pending.TryGetValue(tx.Id, out var current) || !ReferenceEquals(current, tx))
            {
                return;
            }

            if (tx.Deferred)
            {
                Begin(tx);
                return;
            }

            if (tx.SendsLeft > 0)
            {
                Transmit(tx);
                var unicast = tx.Kind is TransactionKind.WinsRegistration or TransactionKind.WinsRefresh or TransactionKind.WinsRelease;
                tx.Timer!.Change(unicast ? _settings.UnicastRetryTimeout : _settings.BroadcastRetryTimeout, Timeout.InfiniteTimeSpan);
                return;
            }

            Expire(tx);
        }
    }

    /// <summary>Every transmission went unanswered.</summary>
    private void Expire(NameTransaction tx)
    {
        switch (tx.Kind)
        {
            case TransactionKind.BroadcastRegistration:
                // No defender: the name is ours; announce it with a NAME OVERWRITE DEMAND (RFC 1002 §5.1.1.1).
                Complete(tx, new NameChangeResult(NameChangeOutcome.Ok, $"{tx.Name} registered"));
                _names.Update(tx.Name, e => e with { State = NameState.Registered, Detail = null });
                NameLog.Registered(_logger, tx.Name.ToString(), string.Empty);
                SendBroadcast(tx, (id, name, entry) => NbnsPackets.OverwriteDemand(id, name, entry, 0, broadcast: true));
                break;
            case TransactionKind.WinsRegistration or TransactionKind.WinsRefresh:
                // A silent server cannot refuse: keep the name locally and try again later.
                var detail = $"WINS {_settings.WinsServer!.Address} did not answer; retrying";
                Complete(tx, new NameChangeResult(NameChangeOutcome.Ok, $"{tx.Name} held locally: {detail}"));
                _names.Update(tx.Name, e => e with { State = NameState.Registered, Detail = detail });
                NameLog.WinsSilent(_logger, _settings.WinsServer, tx.Name.ToString());
                Defer(new NameTransaction(tx.Kind, tx.Name, tx.IsGroup), _settings.MinimumRefresh);
                break;
            default:
                Complete(tx, new NameChangeResult(NameChangeOutcome.Ok, $"{tx.Name} released"));
                Finish(tx.Name, tx.RemoveWhenDone);
                break;
        }
    }

    private void Transmit(NameTransaction tx)
    {
        tx.SendsLeft--;
        switch (tx.Kind)
        {
            case TransactionKind.BroadcastRegistration:
                SendBroadcast(tx, (id, name, entry) => NbnsPackets.RegistrationRequest(id, name, entry, 0, broadcast: true));
                break;
            case TransactionKind.BroadcastRelease:
                SendBroadcast(tx, (id, name, entry) => NbnsPackets.ReleaseRequest(id, name, entry, broadcast: true));
                break;
            case TransactionKind.WinsRegistration:
                SendWins(tx, (id, name, entry) => NbnsPackets.RegistrationRequest(id, name, entry, _settings.WinsRequestTtl, broadcast: false));
                break;
            case TransactionKind.WinsRefresh:
                SendWins(tx, (id, name, entry) => NbnsPackets.RefreshRequest(id, name, entry, _settings.WinsRequestTtl, broadcast: false));
                break;
            case TransactionKind.WinsRelease:
                SendWins(tx, (id, name, entry) => NbnsPackets.ReleaseRequest(id, name, entry, broadcast: false));
                break;
        }
    }

    private void SendBroadcast(NameTransaction tx, Func<ushort, NetBiosName, NbAddressEntry, NbnsPacket> build)
    {
        var targets = _targets();
        if (targets.Count == 0)
        {
            NameLog.NoBroadcastTarget(_logger);
        }

        foreach (var target in targets)
        {
            var entry = new NbAddressEntry(NbFlags.Create(tx.IsGroup, NodeType), target.Local);
            _sender?.Send(build(tx.Id, tx.Name, entry).ToArray(), target.Destination);
        }
    }

    private void SendWins(NameTransaction tx, Func<ushort, NetBiosName, NbAddressEntry, NbnsPacket> build)
    {
        var wins = _settings.WinsServer!;
        tx.WinsLocal ??= LocalAddress.For(_settings.BindAddress, wins.Address);
        var entry = new NbAddressEntry(NbFlags.Create(tx.IsGroup, NodeType), tx.WinsLocal);
        _sender?.Send(build(tx.Id, tx.Name, entry).ToArray(), wins);
    }

    private void EnterConflict(NetBiosName name, string detail)
    {
        CancelFor(name, detail, NameChangeOutcome.Conflict);
        if (_names.Update(name, e => e with { State = NameState.Conflict, Detail = detail }) is not null)
        {
            NameLog.Conflict(_logger, name.ToString(), detail);
        }
    }

    /// <summary>Ends every transaction of <paramref name="name"/>, telling its waiter <paramref name="why"/>.</summary>
    private void CancelFor(NetBiosName name, string why, NameChangeOutcome outcome = NameChangeOutcome.Invalid)
    {
        foreach (var tx in _pending.Values.Where(t => t.Name == name).ToList())
        {
            Complete(tx, new NameChangeResult(outcome, outcome == NameChangeOutcome.Conflict ? $"{name} is in conflict: {why}" : $"{name}: {why}"));
        }
    }

    private void Complete(NameTransaction tx, NameChangeResult result)
    {
        if (_pending.TryGetValue(tx.Id, out var current) && ReferenceEquals(current, tx))
        {
            _pending.Remove(tx.Id);
        }

        tx.Timer?.Dispose();
        tx.Completion.TrySetResult(result);
    }

    /// <summary>A release is over: the entry leaves the table for a delete, stays Releasing at shutdown.</summary>
    private void Finish(NetBiosName name, bool remove)
    {
        if (remove)
        {
            _names.Remove(name);
        }

        NameLog.Released(_logger, name.ToString());
    }

    /// <summary>The next NAME_TRN_ID not in use (never 0), remembered for echo detection.</summary>
    private ushort NextId()
    {
        var id = _nextId;
        while (id == 0 || _pending.ContainsKey(id))
        {
            id++;
        }

        _nextId = (ushort)(id + 1);
        if (_recentIds.Add(id))
        {
            _recentOrder.Enqueue(id);
            if (_recentOrder.Count > RecentIdCapacity)
            {
                _recentIds.Remove(_recentOrder.Dequeue());
            }
        }

        return id;
    }
}
