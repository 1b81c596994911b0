using Messngr.Daemon.Users;

namespace Messngr.Daemon.Privileges;

/// <summary>
/// The account a root-started daemon runs as once its ports are bound: <c>user =</c> from the
/// configuration, or by default the dedicated account <see cref="DefaultAccount"/> when it exists.
/// <see cref="Groups"/> are its supplementary groups: its own group and <c>tty</c>, so it can write
/// to terminals as write(1) does.
/// </summary>
internal sealed record ServiceUser(string Name, uint Uid, uint Gid, IReadOnlyList<uint> Groups)
{
    /// <summary>The dedicated account the packaging creates (issue 15); used when it exists.</summary>
    public const string DefaultAccount = "messngr";

    /// <summary>
    /// Whom to become: null keeps the current user (not root, <c>user = root</c>, or no
    /// <c>user</c> and no <see cref="DefaultAccount"/>). Throws <see cref="ArgumentException"/>
    /// naming the key for an unknown account, or for a non-root daemon asked to become another user.
    /// </summary>
    public static ServiceUser? Resolve(string? configured, bool isRoot, UserAccounts accounts, string groupPath = GroupFile.DefaultPath)
    {
        if (!isRoot)
        {
            if (configured is not null && configured != Environment.UserName)
            {
                throw new ArgumentException($"user = '{configured}' needs the daemon to start as root (it runs as {Environment.UserName})");
            }

            return null;
        }

        if (configured is "root" or "0")
        {
            return null;
        }

        UserAccount? account;
        if (configured is null)
        {
            account = accounts.FindByName(DefaultAccount);
            if (account is null)
            {
                return null;
            }
        }
        else
        {
            account = accounts.FindByName(configured)
                ?? throw new ArgumentException($"user = '{configured}' is not a known account");
        }

        if (account.Uid == 0)
        {
            return null;
        }

        var groups = new List<uint> { account.Gid };
        if (GroupFile.FindGid("tty", groupPath) is { } tty && tty != account.Gid)
        {
            groups.Add(tty);
        }

        return new ServiceUser(account.Name, account.Uid, account.Gid, groups);
    }
}
