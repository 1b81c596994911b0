namespace Messngr.Daemon.Users;

/// <summary>One login session: the user, their uid and the terminal (e.g. "pts/3") from utmp.</summary>
internal sealed record LoggedOnUser(string Name, uint Uid, string Terminal);

/// <summary>
/// Who is logged on now (utmp, like <c>who</c>, <c>write</c> and <c>wall</c> read it). The name
/// service registers each user's USER&lt;03&gt; ([MS-MSRP] 3.1.3, [MS-NBTE] note &lt;3&gt;); the tty
/// sink writes to their terminals.
/// </summary>
internal interface ILoggedOnUsers
{
    IReadOnlyList<LoggedOnUser> Current();
}
