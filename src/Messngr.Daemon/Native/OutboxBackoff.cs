using Messngr.Daemon.Core;

namespace Messngr.Daemon.Native;

/// <summary>
/// When to try a message again after a temporary failure (issue #13, item 7; docs/native-protocol.md
/// §5.4 "retry with back-off"): <see cref="DaemonLimits.OutboxRetryInitial"/> after the first
/// attempt, doubling with each one up to <see cref="DaemonLimits.OutboxRetryMax"/>, each moved by up
/// to ±<see cref="DaemonLimits.OutboxRetryJitter"/> so the senders of one node do not retry in step.
/// </summary>
internal static class OutboxBackoff
{
    /// <param name="attempts">Attempts made so far, this one included (1 after the first).</param>
    /// <param name="random">A number in [0, 1): 0.5 is the undisturbed delay.</param>
    public static TimeSpan Delay(int attempts, DaemonLimits limits, double random)
    {
        var doublings = Math.Clamp(attempts - 1, 0, 30);
        var seconds = Math.Min(limits.OutboxRetryInitial.TotalSeconds * Math.Pow(2, doublings), limits.OutboxRetryMax.TotalSeconds);
        var jitter = 1 + (limits.OutboxRetryJitter * ((2 * random) - 1));
        return TimeSpan.FromSeconds(seconds * jitter);
    }
}
