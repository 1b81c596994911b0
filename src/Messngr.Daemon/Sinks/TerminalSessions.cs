using Messngr.Daemon.Core;
using Messngr.Daemon.Users;

namespace Messngr.Daemon.Sinks;

/// <summary>
/// One look at utmp with the terminal sink's <see cref="RecipientResolver"/>: which sessions each
/// message would be written to now. A release of held messages or a round of critical reminders
/// (issue #14, item 3) reads utmp once for all of its messages, not once per message.
/// </summary>
internal sealed class TerminalSessions(RecipientResolver resolver, IReadOnlyList<LoggedOnUser> loggedOn)
{
    /// <summary>The sessions of <paramref name="uid"/> that <paramref name="message"/> would be written to.</summary>
    public IReadOnlyList<LoggedOnUser> Of(uint uid, ReceivedMessage message) =>
        [.. resolver.Resolve(message.To, loggedOn).Sessions.Where(s => s.Uid == uid)];

    /// <summary>The users (uids) whose terminals <paramref name="message"/> would be written to.</summary>
    public IReadOnlyList<uint> UsersOf(ReceivedMessage message) =>
        [.. resolver.Resolve(message.To, loggedOn).Sessions.Select(s => s.Uid).Distinct()];
}
