namespace Messngr.Daemon.Users;

/// <summary>A USER_PROCESS record of utmp(5): who, on which line, from where.</summary>
internal sealed record UtmpEntry(int Pid, string Line, string User, string Host);
