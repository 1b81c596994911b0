using Messngr.Daemon.Control;
using Messngr.Daemon.Core;

namespace Messngr.Daemon.Quiet;

/// <summary>
/// What quiet holds back and what a release shows (issue #14, item 3), one rule for every place
/// that holds: the display streams (<see cref="ControlDisplayStream"/>) and the recipients'
/// terminals (<see cref="Sinks.TtyQuietHolding"/>). Everything but a critical message is held;
/// a release shows the held ones from the store, oldest first, among the newest
/// <see cref="DaemonLimits.QuietReleaseMax"/> (older ones stay in history).
/// </summary>
internal static class HeldRelease
{
    /// <summary>Whether <paramref name="message"/> waits while its user is quiet: all but critical, which is shown at once.</summary>
    public static bool IsHeld(ReceivedMessage message) => message.Priority != Priority.Critical;

    /// <summary>How many of the newest messages a release reads from the store.</summary>
    public static int HistoryLimit(DaemonLimits limits) => Math.Clamp(limits.QuietReleaseMax, 1, ControlRequestHandler.MaxHistoryLimit);

    /// <summary>
    /// The held messages in <paramref name="history"/> (any order) from seq <paramref name="from"/>
    /// on that <paramref name="reaches"/> the display or user releasing them, in arrival (seq) order.
    /// </summary>
    public static List<StoredMessage> Select(IEnumerable<StoredMessage> history, long from, Func<StoredMessage, bool> reaches) =>
        history.Where(m => m.Id >= from && IsHeld(m.Message) && reaches(m)).OrderBy(m => m.Id).ToList();
}
