namespace Messngr.Daemon.Privileges;

/// <summary>
/// Gives up root for good once the privileged work is done (ports bound, hook launcher started):
/// hands the state directory to the service user, then setgroups, setgid, setuid — in that order,
/// since each later call removes the right to make the earlier one — and checks that root cannot
/// be taken back (setuid(0) must fail), as OpenSSH's permanently_set_uid does.
/// </summary>
internal static class PrivilegeDrop
{
    /// <summary>
    /// lchown of the state directory and of every entry directly in it (the database, its WAL
    /// and shared-memory files, the control socket) to <paramref name="user"/>. Symbolic links
    /// are not followed; subdirectories are not entered (the daemon makes none).
    /// </summary>
    public static void HandOverStateDirectory(string directory, ServiceUser user)
    {
        Own(directory, user);
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
        {
            Own(entry, user);
        }
    }

    /// <summary>
    /// After <see cref="Drop"/>: the state directory and the database must still be reachable by
    /// <paramref name="user"/> — a parent directory closed to it (e.g. a root-only 0700 /root/x)
    /// would otherwise surface later as an unhandled SQLite error (issue #12, item 5). Throws
    /// <see cref="InvalidOperationException"/> naming the path.
    /// </summary>
    public static void EnsureStateDirectoryReachable(string directory, ServiceUser user)
    {
        const int ReadWriteSearch = 7; // R_OK | W_OK | X_OK
        const int ReadWrite = 6;
        if (!PrivilegeNative.Access(directory, ReadWriteSearch))
        {
            throw new InvalidOperationException($"user {user.Name} cannot use the state directory {directory} (errno {PrivilegeNative.LastError}); a parent directory may be closed to it: open the parents (o+x) or give another --state-dir");
        }

        foreach (var file in Directory.EnumerateFiles(directory))
        {
            if (!PrivilegeNative.Access(file, ReadWrite))
            {
                throw new InvalidOperationException($"user {user.Name} cannot read and write {file} (errno {PrivilegeNative.LastError})");
            }
        }
    }

    /// <summary>Becomes <paramref name="user"/> in every thread; throws <see cref="InvalidOperationException"/> when any step fails.</summary>
    public static void Drop(ServiceUser user)
    {
        if (!PrivilegeNative.SetGroups([.. user.Groups]))
        {
            throw new InvalidOperationException($"setgroups for user {user.Name} failed (errno {PrivilegeNative.LastError})");
        }

        if (!PrivilegeNative.SetGid(user.Gid))
        {
            throw new InvalidOperationException($"setgid({user.Gid}) for user {user.Name} failed (errno {PrivilegeNative.LastError})");
        }

        if (!PrivilegeNative.SetUid(user.Uid))
        {
            throw new InvalidOperationException($"setuid({user.Uid}) for user {user.Name} failed (errno {PrivilegeNative.LastError})");
        }

        if (PrivilegeNative.RealUid != user.Uid || PrivilegeNative.EffectiveUid != user.Uid || PrivilegeNative.EffectiveGid != user.Gid)
        {
            throw new InvalidOperationException($"still uid {PrivilegeNative.RealUid}/{PrivilegeNative.EffectiveUid} after becoming {user.Name}");
        }

        if (PrivilegeNative.SetUid(0))
        {
            throw new InvalidOperationException("root could be taken back after the privilege drop");
        }
    }

    private static void Own(string path, ServiceUser user)
    {
        if (!PrivilegeNative.ChangeOwnerNoFollow(path, user.Uid, user.Gid))
        {
            throw new IOException($"cannot give {path} to user {user.Name} (errno {PrivilegeNative.LastError})");
        }
    }
}
