namespace Messngr.Daemon.Users;

/// <summary>One account from the user database (passwd(5) fields the daemon needs).</summary>
internal sealed record UserAccount(string Name, uint Uid, uint Gid, string Home);
