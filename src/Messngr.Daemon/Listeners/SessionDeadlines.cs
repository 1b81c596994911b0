using Messngr.Daemon.Core;

namespace Messngr.Daemon.Listeners;

/// <summary>
/// How long one NBSS session may wait for its next bytes. An idle timer reset by every byte lets a
/// peer hold a connection for ever with one byte a minute, so a frame has a deadline counted from
/// its first byte (<see cref="DaemonLimits.SessionFrameDeadline"/>), the first frame one counted
/// from accept (<see cref="DaemonLimits.SessionFirstFrameDeadline"/>), and only a session between
/// frames gets the idle timeout (RFC 1002 §6 SSN_KEEP_ALIVE_TIMEOUT).
/// </summary>
internal sealed class SessionDeadlines
{
    private readonly DaemonLimits _limits;
    private readonly TimeProvider _time;
    private readonly long _acceptedAt;
    private long? _frameStartedAt;
    private bool _anyFrame;

    public SessionDeadlines(DaemonLimits limits, TimeProvider time)
    {
        _limits = limits;
        _time = time;
        _acceptedAt = time.GetTimestamp();
    }

    /// <summary>The longest the next read may take, and what it is called when it runs out.</summary>
    public (TimeSpan Timeout, string Reason) NextRead()
    {
        var result = (Timeout: _limits.SessionIdleTimeout, Reason: "idle timeout");
        if (!_anyFrame)
        {
            result = (_limits.SessionFirstFrameDeadline - _time.GetElapsedTime(_acceptedAt), "no complete frame in time after connect");
        }

        if (_frameStartedAt is { } started)
        {
            var left = _limits.SessionFrameDeadline - _time.GetElapsedTime(started);
            if (left < result.Timeout)
            {
                result = (left, "frame not complete in time");
            }
        }

        return (result.Timeout < TimeSpan.Zero ? TimeSpan.Zero : result.Timeout, result.Reason);
    }

    /// <summary>
    /// After a read: <paramref name="frames"/> complete frames were taken and <paramref name="pending"/>
    /// bytes of the next frame are left. A frame's clock starts when its first bytes are seen.
    /// </summary>
    public void Consumed(int frames, long pending)
    {
        _anyFrame |= frames > 0;
        if (pending == 0)
        {
            _frameStartedAt = null;
        }
        else if (frames > 0 || _frameStartedAt is null)
        {
            _frameStartedAt = _time.GetTimestamp();
        }
    }
}
