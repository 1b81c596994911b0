using System.Diagnostics;

namespace Messngr.Daemon.Sending;

/// <summary>
/// The instant by which one recipient must be done (<see cref="SendSettings.Timeout"/>, "from
/// resolution to the last reply"), on the monotonic clock. Blocking transports
/// (<see cref="Transports.TransportSettings.BlockingIo"/>) bound each wait by it, because no timer
/// cancels the thread they wait on. <c>default</c> is no deadline.
/// </summary>
internal readonly record struct SendDeadline(long Timestamp)
{
    public static SendDeadline None => default;

    public static SendDeadline After(TimeSpan timeout) => new(Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency));

    /// <summary>What is left of it; <see cref="TimeSpan.Zero"/> once passed, <see cref="TimeSpan.MaxValue"/> without a deadline.</summary>
    public TimeSpan Remaining
    {
        get
        {
            if (Timestamp == 0)
            {
                return TimeSpan.MaxValue;
            }

            var left = Timestamp - Stopwatch.GetTimestamp();
            return left <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)left / Stopwatch.Frequency);
        }
    }

    /// <summary>The shorter of <paramref name="step"/> and <see cref="Remaining"/>.</summary>
    public TimeSpan Bound(TimeSpan step)
    {
        var remaining = Remaining;
        return remaining < step ? remaining : step;
    }
}
