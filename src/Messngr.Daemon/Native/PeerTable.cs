using System.Net;
using Microsoft.Extensions.Logging;

namespace Messngr.Daemon.Native;

/// <summary>
/// The nodes this daemon knows of (issue #13, item 5): node id → names, address, port, last seen,
/// how known and whether trusted. Names are protected by the trust list as in the trust policy's
/// "changed" case (docs/native-protocol.md, *Trust decision* step 1): a name pinned to node X that
/// node Y announces is not listed for Y, and is logged at warning once per (name, node). A listing
/// not refreshed for 90 s is dropped (§9.1). Bounded: a full table first forgets stale rows, then
/// the least recently seen untrusted node, and otherwise refuses the newcomer. Thread-safe.
/// </summary>
internal sealed class PeerTable
{
    /// <summary>§9.1: an announcement not refreshed for this long is dropped.</summary>
    public static readonly TimeSpan ListingLifetime = TimeSpan.FromSeconds(90);

    private readonly Lock _lock = new();
    private readonly Dictionary<NodeId, Row> _rows = [];
    private readonly IReadOnlyList<(string Host, ushort Port)> _static;
    private readonly int _capacity;
    private readonly TrustStore _trust;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public PeerTable(int capacity, TrustStore trust, IEnumerable<(string Host, ushort Port)> staticPeers, TimeProvider time, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _trust = trust ?? throw new ArgumentNullException(nameof(trust));
        _static = [.. staticPeers];
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>
    /// Raised (outside the table's lock) when a node is announced for the first time, or its address,
    /// port or listed names changed — the outbox retries messages waiting for it (issue #13, item 7).
    /// Not raised for the periodic re-announcements that change nothing.
    /// </summary>
    public event Action<NodeId, IReadOnlyList<string>>? NodeAnnounced;

    /// <summary>Records a verified ANNOUNCE from <paramref name="address"/>; false when the table is full of live, trusted rows.</summary>
    public bool Announced(NodeId id, IReadOnlyList<string> names, IPAddress address, ushort port)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(address);
        IReadOnlyList<string>? changed;
        bool accepted;
        lock (_lock)
        {
            (accepted, changed) = Record(id, names, address, port);
        }

        if (changed is not null)
        {
            NodeAnnounced?.Invoke(id, changed);
        }

        return accepted;
    }

    /// <summary>Under the lock: the row updated; the names it lists now when the node is new or changed, else null.</summary>
    private (bool Accepted, IReadOnlyList<string>? Changed) Record(NodeId id, IReadOnlyList<string> names, IPAddress address, ushort port)
    {
        var now = _time.GetUtcNow();
        if (!_rows.TryGetValue(id, out var row))
        {
            if (_rows.Count >= _capacity && !MakeRoom(now))
            {
                return (false, null);
            }

            row = new Row();
            _rows[id] = row;
        }

        var before = (row.Address, row.Port, Names: string.Join(",", row.Names));

        var kept = new List<string>(names.Count);
        foreach (var raw in names)
        {
            var name = raw.ToUpperInvariant();
            if (_trust.FindByName(name) is { } pinned && pinned.Id != id)
            {
                if (row.Refused.Add(name))
                {
                    NativeLog.IdentityChanged(_logger, pinned.Name!, pinned.Id.ToString(), id.ToString());
                }

                continue;
            }

            kept.Add(name);
        }

        row.Names = kept;
        row.Address = address.ToString();
        row.Port = port;
        row.LastSeen = now;
        return (true, before == (row.Address, row.Port, string.Join(",", kept)) ? null : kept);
    }

    /// <summary>The live rows, announced first (most recently seen first), then static peers not heard from.</summary>
    public IReadOnlyList<PeerTableEntry> Snapshot()
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            DropStale(now);
            var list = new List<PeerTableEntry>();
            var matched = new HashSet<int>();
            foreach (var (id, row) in _rows.OrderByDescending(r => r.Value.LastSeen))
            {
                var index = StaticIndex(row.Address, row.Port);
                if (index >= 0)
                {
                    matched.Add(index);
                }

                list.Add(new PeerTableEntry(id, row.Names, row.Address, row.Port, row.LastSeen, index >= 0 ? PeerTableSource.Both : PeerTableSource.Announced, _trust.Find(id) is not null));
            }

            for (var i = 0; i < _static.Count; i++)
            {
                if (!matched.Contains(i))
                {
                    list.Add(new PeerTableEntry(null, [], _static[i].Host, _static[i].Port, null, PeerTableSource.Static, false));
                }
            }

            return list;
        }
    }

    private int StaticIndex(string address, ushort port)
    {
        for (var i = 0; i < _static.Count; i++)
        {
            if (_static[i].Port == port && string.Equals(_static[i].Host, address, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private void DropStale(DateTimeOffset now)
    {
        foreach (var stale in _rows.Where(r => now - r.Value.LastSeen > ListingLifetime).Select(r => r.Key).ToList())
        {
            _rows.Remove(stale);
        }
    }

    private bool MakeRoom(DateTimeOffset now)
    {
        DropStale(now);
        if (_rows.Count < _capacity)
        {
            return true;
        }

        // Hostile LAN hosts can mint keys freely: they may displace each other, never a trusted node.
        var victim = _rows.Where(r => _trust.Find(r.Key) is null).OrderBy(r => r.Value.LastSeen).Select(r => r.Key).FirstOrDefault();
        return victim is not null && _rows.Remove(victim);
    }

    private sealed class Row
    {
        public HashSet<string> Refused { get; } = new(StringComparer.Ordinal);

        public IReadOnlyList<string> Names { get; set; } = [];

        public string Address { get; set; } = string.Empty;

        public ushort Port { get; set; }

        public DateTimeOffset LastSeen { get; set; }
    }
}
