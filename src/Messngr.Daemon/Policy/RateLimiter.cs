using System.Net;

namespace Messngr.Daemon.Policy;

/// <summary>
/// Token buckets: one per source address (at most <see cref="MaxSources"/> tracked; the least
/// recently seen is forgotten first, so a spoofed-source flood cannot grow memory) and one for
/// everything. A source over its rate is refused without touching the global bucket, so one
/// flooding host cannot use up the capacity left for the others.
/// </summary>
internal sealed class RateLimiter
{
    public const int MaxSources = 4096;

    private readonly double _perSourceRate;
    private readonly double _perSourceBurst;
    private readonly Bucket _global;
    private readonly TimeProvider _time;
    private readonly Dictionary<uint, LinkedListNode<(uint Address, Bucket Bucket)>> _sources = [];
    private readonly LinkedList<(uint Address, Bucket Bucket)> _recency = new();
    private readonly Lock _lock = new();

    public RateLimiter(double perSourcePerSecond, double globalPerSecond, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _perSourceRate = perSourcePerSecond;
        _perSourceBurst = Math.Max(1, perSourcePerSecond * 2);
        _global = new Bucket(globalPerSecond, Math.Max(1, globalPerSecond * 2), Now());
    }

    /// <summary>True when <paramref name="source"/> may send one more packet now.</summary>
    public bool TryAcquire(IPAddress source, out bool globalLimit) => TryAcquire(NetworkRange.ToUInt32(source), out globalLimit);

    /// <summary>True when the IPv4 source <paramref name="key"/> (host order) may send one more packet now.</summary>
    public bool TryAcquire(uint key, out bool globalLimit)
    {
        globalLimit = false;
        var now = Now();
        lock (_lock)
        {
            if (_sources.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
            }
            else
            {
                if (_sources.Count >= MaxSources)
                {
                    var oldest = _recency.Last!;
                    _recency.RemoveLast();
                    _sources.Remove(oldest.Value.Address);
                }

                node = _recency.AddFirst((key, new Bucket(_perSourceRate, _perSourceBurst, now)));
                _sources[key] = node;
            }

            if (!node.Value.Bucket.TryTake(now))
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
