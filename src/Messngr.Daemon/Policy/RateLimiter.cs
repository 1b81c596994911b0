using System.Net;

namespace Messngr.Daemon.Policy;

/// <summary>
/// Token buckets of one listener: one per source address and one for all sources together. A
/// source over its rate is refused without touching the global bucket, so one flooding host cannot
/// use up the capacity left for the others. Every listener has its own limiter
/// (<see cref="WithSameLimits"/>): UDP sources can be spoofed, so a flood to UDP 137 in the name of
/// a real host must not spend that host's budget on TCP 139, nor the TCP listener's global budget.
/// <para>
/// At most <c>maxSources</c> sources are tracked (a spoofed-source flood cannot grow memory). A
/// source is forgotten only when its bucket has refilled (then a fresh bucket is worth exactly what
/// it had); while every tracked source still owes tokens, new sources share one overflow bucket of
/// a single source's size. So cycling through more addresses than the table holds never hands an
/// address a fresh burst.
/// </para>
/// </summary>
internal sealed class RateLimiter
{
    private readonly double _perSourceRate;
    private readonly double _perSourceBurst;
    private readonly double _globalRate;
    private readonly int _maxSources;
    private readonly Bucket _global;
    private readonly Bucket _overflow;
    private readonly TimeProvider _time;
    private readonly Dictionary<uint, LinkedListNode<(uint Address, Bucket Bucket)>> _sources = [];
    private readonly LinkedList<(uint Address, Bucket Bucket)> _recency = new();
    private readonly Lock _lock = new();

    public RateLimiter(double perSourcePerSecond, double globalPerSecond, TimeProvider? time = null, int maxSources = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSources, 1);
        _time = time ?? TimeProvider.System;
        _perSourceRate = perSourcePerSecond;
        _perSourceBurst = Math.Max(1, perSourcePerSecond * 2);
        _globalRate = globalPerSecond;
        _maxSources = maxSources;
        _global = new Bucket(globalPerSecond, Math.Max(1, globalPerSecond * 2), Now());
        _overflow = new Bucket(_perSourceRate, _perSourceBurst, Now());
    }

    /// <summary>Sources with a bucket of their own now (at most the table size).</summary>
    public int TrackedSources
    {
        get
        {
            lock (_lock)
            {
                return _sources.Count;
            }
        }
    }

    /// <summary>A new, empty limiter with the same rates and table size (one per listener).</summary>
    public RateLimiter WithSameLimits() => new(_perSourceRate, _globalRate, _time, _maxSources);

    /// <summary>Packets per second one source may send.</summary>
    public double PerSourceRate => _perSourceRate;

    /// <summary>Packets per second from all sources together.</summary>
    public double GlobalRate => _globalRate;

    /// <summary>A new, empty limiter with other rates and the same table size (a reloaded configuration).</summary>
    public RateLimiter WithLimits(double perSourcePerSecond, double globalPerSecond) => new(perSourcePerSecond, globalPerSecond, _time, _maxSources);

    /// <summary>True when <paramref name="source"/> may send one more packet now.</summary>
    public bool TryAcquire(IPAddress source, out bool globalLimit) => TryAcquire(NetworkRange.ToUInt32(source), out globalLimit);

    /// <summary>True when the IPv4 source <paramref name="key"/> (host order) may send one more packet now.</summary>
    public bool TryAcquire(uint key, out bool globalLimit)
    {
        globalLimit = false;
        var now = Now();
        lock (_lock)
        {
            if (!SourceBucket(key, now).TryTake(now))
            {
                return false;
            }

            if (!_global.TryTake(now))
            {
                globalLimit = true;
                return false;
            }

            return true;
        }
    }

    /// <summary>The bucket <paramref name="key"/> is charged to: its own, a new one, or the shared overflow bucket.</summary>
    private Bucket SourceBucket(uint key, double now)
    {
        if (_sources.TryGetValue(key, out var node))
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Bucket;
        }

        if (_sources.Count >= _maxSources)
        {
            // The least recently seen source may go only once its bucket is full again: forgetting
            // it then gives nothing away. Otherwise the table is busy with sources that still owe
            // tokens (a flood from many addresses): newcomers share the overflow bucket.
            var oldest = _recency.Last!;
            if (!oldest.Value.Bucket.IsFull(now))
            {
                return _overflow;
            }

            _recency.RemoveLast();
            _sources.Remove(oldest.Value.Address);
        }

        node = _recency.AddFirst((key, new Bucket(_perSourceRate, _perSourceBurst, now)));
        _sources[key] = node;
        return node.Value.Bucket;
    }

    private double Now() => _time.GetTimestamp() / (double)_time.TimestampFrequency;

    private sealed class Bucket
    {
        private readonly double _rate;
        private readonly double _burst;
        private double _tokens;
        private double _last;

        public Bucket(double rate, double burst, double now)
        {
            _rate = rate;
            _burst = burst;
            _tokens = burst;
            _last = now;
        }

        public bool IsFull(double now) => _tokens + ((now - _last) * _rate) >= _burst;

        public bool TryTake(double now)
        {
            _tokens = Math.Min(_burst, _tokens + ((now - _last) * _rate));
            _last = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
