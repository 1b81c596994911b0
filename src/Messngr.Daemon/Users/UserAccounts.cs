namespace Messngr.Daemon.Users;

/// <summary>
/// Finds accounts by name: first in the passwd file (path injectable for tests), then — when
/// <c>useSystemLookup</c> — through libc getpwnam_r, which also sees NSS sources (LDAP, sssd).
/// The file is re-read when its modification time changes.
/// </summary>
internal sealed class UserAccounts
{
    public const string DefaultPasswdPath = "/etc/passwd";

    private readonly string _passwdPath;
    private readonly bool _useSystemLookup;
    private readonly Lock _lock = new();
    private DateTime _loadedStamp = DateTime.MinValue;
    private IReadOnlyList<UserAccount> _accounts = [];

    public UserAccounts(string passwdPath = DefaultPasswdPath, bool useSystemLookup = true)
    {
        _passwdPath = passwdPath;
        _useSystemLookup = useSystemLookup;
    }

    public UserAccount? FindByName(string name)
    {
        foreach (var account in Load())
        {
            if (account.Name == name)
            {
                return account;
            }
        }

        return _useSystemLookup ? PasswdNative.FindByName(name) : null;
    }

    private IReadOnlyList<UserAccount> Load()
    {
        DateTime stamp;
        try
        {
            stamp = File.GetLastWriteTimeUtc(_passwdPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        lock (_lock)
        {
            if (stamp != _loadedStamp)
            {
                _accounts = PasswdFile.Read(_passwdPath);
                _loadedStamp = stamp;
            }

            return _accounts;
        }
    }
}
