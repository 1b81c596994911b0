using Messngr.Daemon.Core;

namespace Messngr.Daemon.Native;

/// <summary>
/// The deadlines of one native connection, kept by one timer: a frame must be complete
/// <see cref="DaemonLimits.NativeFrameDeadline"/> after its first byte (not reset by every byte, so a
/// peer that stalls or trickles mid-frame is cut off), a write must be taken within
/// <see cref="DaemonLimits.NativeWriteTimeout"/>, and a connection with neither for
/// <see cref="DaemonLimits.NativeIdleTimeout"/> is idle. When one runs out the connection is aborted
/// (its socket closed), which fails the pending read or write; I/O is never cancelled mid-record.
/// </summary>
internal sealed class TlsWatchdog : IDisposable
{
    private static readonly TimeSpan MaxDue = TimeSpan.FromDays(1);

    private readonly DaemonLimits _limits;
    private readonly TimeProvider _time;
    private readonly Action<TlsChannelFailure, string> _abort;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private long _lastActivity;
    private long? _frameStarted;
    private long? _writeStarted;
    private long _scheduledFor = long.MaxValue;
    private bool _done;

    public TlsWatchdog(DaemonLimits limits, TimeProvider time, Action<TlsChannelFailure, string> abort)
    {
        _limits = limits;
        _time = time;
        _abort = abort;
        _lastActivity = time.GetTimestamp();
        _timer = time.CreateTimer(static state => ((TlsWatchdog)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        lock (_gate)
        {
            Arm();
        }
    }

    /// <summary>The first bytes of a frame arrived: its deadline starts now.</summary>
    public void FrameStarted()
    {
        lock (_gate)
        {
            _frameStarted = _time.GetTimestamp();
            Arm();
        }
    }

    /// <summary>The frame is complete.</summary>
    public void FrameEnded()
    {
        lock (_gate)
        {
            _frameStarted = null;
            _lastActivity = _time.GetTimestamp(); // later deadline: the timer re-checks when it fires
        }
    }

    public void WriteStarted()
    {
        lock (_gate)
        {
            _writeStarted = _time.GetTimestamp();
            Arm();
        }
    }

    public void WriteEnded()
    {
        lock (_gate)
        {
            _writeStarted = null;
            _lastActivity = _time.GetTimestamp();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _done = true;
        }

        _timer.Dispose();
    }

    /// <summary>The earliest deadline now running, and which one it is (its text is made only when it runs out: this is asked for every frame).</summary>
    private (long At, TlsChannelFailure Failure) Next()
    {
        var next = (At: long.MaxValue, Failure: TlsChannelFailure.IdleTimeout);
        if (_frameStarted is { } frame)
        {
            next = (frame + Ticks(_limits.NativeFrameDeadline), TlsChannelFailure.FrameDeadline);
        }

        if (_writeStarted is { } write && write + Ticks(_limits.NativeWriteTimeout) < next.At)
        {
            next = (write + Ticks(_limits.NativeWriteTimeout), TlsChannelFailure.WriteTimeout);
        }

        if (_frameStarted is null && _writeStarted is null)
        {
            next = (_lastActivity + Ticks(_limits.NativeIdleTimeout), TlsChannelFailure.IdleTimeout);
        }

        return next;
    }

    private string Reason(TlsChannelFailure failure) => failure switch
    {
        TlsChannelFailure.FrameDeadline => $"a frame was not complete {_limits.NativeFrameDeadline.TotalSeconds:0.#} s after its first byte",
        TlsChannelFailure.WriteTimeout => $"the peer took no frame for {_limits.NativeWriteTimeout.TotalSeconds:0.#} s",
        _ => $"no frame either way for {_limits.NativeIdleTimeout.TotalSeconds:0.#} s",
    };

    /// <summary>Makes the timer fire no later than the earliest deadline (under <see cref="_gate"/>).</summary>
    private void Arm()
    {
        var at = Next().At;
        if (_done || at >= _scheduledFor)
        {
            return;
        }

        _scheduledFor = at;
        // A timer takes at most ~49 days (uint milliseconds); a later deadline is re-checked when it fires.
        var due = at == long.MaxValue ? MaxDue : _time.GetElapsedTime(_time.GetTimestamp(), at);
        _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due > MaxDue ? MaxDue : due, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        (long At, TlsChannelFailure Failure) next;
        lock (_gate)
        {
            if (_done)
            {
                return;
            }

            _scheduledFor = long.MaxValue;
            next = Next();
            if (next.At > _time.GetTimestamp())
            {
                Arm();
                return;
            }

            _done = true;
        }

        _abort(next.Failure, Reason(next.Failure));
    }

    /// <summary>A limit in timestamp ticks; an infinite or absurd one is capped (about 100 years) so sums cannot overflow.</summary>
    private long Ticks(TimeSpan span) => span == Timeout.InfiniteTimeSpan || span.TotalDays > 36_500 ? (long)(36_500 * 86_400.0 * _time.TimestampFrequency) : (long)(span.TotalSeconds * _time.TimestampFrequency);
}
