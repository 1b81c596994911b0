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

    /// <summary>The login name of <paramref name="uid"/> from the passwd file (the native sender's SENDER-USER, issue #13 item 8); null when it lists none.</summary>
    public string? NameByUid(uint uid)
    {
        foreach (var account in Load())
        {
            if (account.Uid == uid)
            {
                return account.Name;
            }
        }

        return null;
    }

    /// <summary>
    /// The uid of the account whose login name, compared as a NetBIOS name ([MS-MSRP] 2.2.2.1:
    /// trimmed, case-insensitive, 15 characters), is <paramref name="netBiosName"/>; null when none.
    /// NSS accounts are asked for the lower- and the upper-case spelling.
    /// </summary>
    public uint? UidByNetBiosName(string netBiosName)
    {
        var key = RecipientResolver.Normalize(netBiosName);
        if (key.Length == 0)
        {
            return null;
        }

        foreach (var account in Load())
        {
            if (RecipientResolver.Normalize(account.Name) == key)
            {
                return account.Uid;
            }
        }

        if (_useSystemLookup)
        {
            foreach (var candidate in (string[])[key.ToLowerInvariant(), key])
            {
                if (PasswdNative.FindByName(candidate) is { } found && RecipientResolver.Normalize(found.Name) == key)
                {
                    return found.Uid;
                }
            }
        }

        return null;
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
