using Messngr.Daemon.Core;
namespace Messngr.Daemon.Listeners;

/// <summary>
/// At-most-once execution for connectionless calls (C706 §10.2, [MS-RPCE] 3.1.2): a client that
/// hears no response in time retransmits the same request (same activity id and sequence number);
/// that must not store the message twice. The cache remembers each call while it runs and its
/// response once sent, for <see cref="DaemonLimits.RpcCallCacheLifetime"/>, bounded to <see cref="DaemonLimits.RpcCallCacheCapacity"/> calls (oldest
/// forgotten first), so a flood of distinct activity ids cannot grow it. It also remembers the
/// newest sequence number of each activity it holds: a request with an older one is a stale
/// retransmission of a call the client has finished and must not run again (C706 ch. 10, at-most-once: the sequence number orders an activity's calls).
/// </summary>
internal sealed class RpcCallCache
{


    private readonly Lock _gate = new();
    private readonly Dictionary<(Guid Activity, uint Sequence), Entry> _calls = [];
    private readonly Dictionary<Guid, uint> _latest = [];
    private readonly Queue<(Guid Activity, uint Sequence)> _order = new();
    private readonly TimeProvider _time;

    private readonly int _capacity;
    private readonly TimeSpan _lifetime;

    public RpcCallCache(TimeProvider? time = null, DaemonLimits? limits = null)
    {
        _time = time ?? TimeProvider.System;
        _capacity = (limits ?? DaemonLimits.Default).RpcCallCacheCapacity;
        _lifetime = (limits ?? DaemonLimits.Default).RpcCallCacheLifetime;
    }

    /// <summary>What to do with a request: run it (first time), drop it (still running) or resend the cached response.</summary>
    public CallState Begin(Guid activity, uint sequence, out byte[]? response)
    {
        response = null;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_calls.TryGetValue((activity, sequence), out var entry) && now - entry.At < _lifetime)
            {
                response = entry.Response;
                return response is null ? CallState.Running : CallState.Answered;
            }

            if (_latest.TryGetValue(activity, out var latest) && sequence < latest && _calls.TryGetValue((activity, latest), out var newer) && now - newer.At < _lifetime)
            {
                return CallState.Stale;
            }

            while (_order.Count >= _capacity)
            {
                Forget(_order.Dequeue());
            }

            _latest[activity] = sequence;

            if (_calls.TryAdd((activity, sequence), new Entry(now, null)))
            {
                _order.Enqueue((activity, sequence));
            }
            else
            {
                _calls[(activity, sequence)] = new Entry(now, null);
            }

            return CallState.New;
        }
    }

    /// <summary>What is known of a call, for a PING (C706 ch. 10, client ping): nothing (<see cref="CallState.New"/>), running, answered (with the response) or stale.</summary>
    public CallState Lookup(Guid activity, uint sequence, out byte[]? response)
    {
        response = null;
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_calls.TryGetValue((activity, sequence), out var entry) && now - entry.At < _lifetime)
            {
                response = entry.Response;
                return response is null ? CallState.Running : CallState.Answered;
            }

            return _latest.TryGetValue(activity, out var latest) && sequence < latest ? CallState.Stale : CallState.New;
        }
    }

    private void Forget((Guid Activity, uint Sequence) call)
    {
        _calls.Remove(call);
        if (_latest.TryGetValue(call.Activity, out var latest) && latest == call.Sequence)
        {
            _latest.Remove(call.Activity);
        }
    }

    /// <summary>Remembers the response sent for the call, for retransmissions.</summary>
    public void Complete(Guid activity, uint sequence, byte[] response)
    {
        lock (_gate)
        {
            if (_calls.ContainsKey((activity, sequence)))
            {
                _calls[(activity, sequence)] = new Entry(_time.GetUtcNow(), response);
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _calls.Count;
            }
        }
    }

    private sealed record Entry(DateTimeOffset At, byte[]? Response);
}

/// <summary>See <see cref="RpcCallCache.Begin"/>.</summary>
internal enum CallState
{
    New,
    Running,
    Answered,
    /// <summary>An older sequence number than the activity's newest call: never run again.</summary>
    Stale,
}
