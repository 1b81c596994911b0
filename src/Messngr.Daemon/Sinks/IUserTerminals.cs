using Messngr.Daemon.Core;
using Messngr.Daemon.Users;

namespace Messngr.Daemon.Sinks;

/// <summary>
/// One user's terminals as the terminal sink finds them (<see cref="TtySink"/>): what a message
/// held during quiet hours or a critical reminder is written through, later than it arrived
/// (issue #14, item 3).
/// </summary>
internal interface IUserTerminals
{
    /// <summary>The logged-on sessions now (utmp, read once), to find each message's terminals as on arrival.</summary>
    TerminalSessions Sessions();

    /// <summary>
    /// Writes <paramref name="message"/> (sanitised, as on arrival) to <paramref name="sessions"/>,
    /// with a line of the daemon's own before and/or after it, and waits until each terminal took it
    /// or was skipped (each bounded by the write timeout); its displayed receipt follows as on arrival.
    /// </summary>
    Task WriteAsync(IReadOnlyList<LoggedOnUser> sessions, StoredMessage message, string? before, string? after, CancellationToken cancellationToken);
}
